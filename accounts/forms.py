import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

log = logging.getLogger(__name__)


class SignInForm(AuthenticationForm):
    """GOV.UK wording for sign-in; the field stays named "username" for the lockout rules."""

    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["username"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["password"].error_messages["required"] = "Enter your password"


class ForgottenPasswordForm(PasswordResetForm):
    """Ask for a link by e-mail address; the page that follows says the same whether or not an
    account uses it."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def send_mail(self, *args, **kwargs) -> None:
        """A mail server that is down is logged, not shown: the page must not differ by account."""
        try:
            super().send_mail(*args, **kwargs)
        except OSError:  # smtplib.SMTPException is an OSError too
            log.exception("Could not send a password reset e-mail")


class NewPasswordForm(SetPasswordForm):
    """Choose a new password (the rules are those of every password in the service)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages["password_mismatch"] = "The two passwords do not match"
