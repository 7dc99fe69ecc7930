from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from config import guards

from .forms import ForgottenPasswordForm, NewPasswordForm, SignInForm


class SignInView(auth_views.LoginView):
    """Sign-in; wrong attempts from one address are limited across every account it tries."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        guards.check("sign_in", guards.client_address(request), guards.rate("sign_in_client"))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        guards.hit("sign_in", guards.client_address(self.request), guards.rate("sign_in_client"))
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (a form button), so a link cannot sign someone out."""


def reset_link_minutes() -> int:
    """How long a reset link works, in minutes, for the words around it."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 60)


class ForgottenPasswordView(auth_views.PasswordResetView):
    """Send a reset link. Requests are limited per client address and per e-mail address, so the
    page cannot be used to flood someone's inbox; the answer never says whether an account exists."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = ForgottenPasswordForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    @property
    def extra_email_context(self) -> dict[str, int]:
        return {"timeout_minutes": reset_link_minutes()}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        guards.hit("password_reset", guards.client_address(request), guards.rate("password_reset_client"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        address = form.cleaned_data["email"].strip().lower()
        guards.hit("password_reset_address", address, guards.rate("password_reset_address"))
        return super().form_valid(form)


class ResetLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "timeout_minutes": reset_link_minutes()}


class ChooseNewPasswordView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: it works once, and not after PASSWORD_RESET_TIMEOUT."""

    template_name = "registration/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args, **kwargs) -> HttpResponse:
        response = super().dispatch(*args, **kwargs)
        if not self.validlink and response.status_code == 200:
            response.status_code = 404  # used, expired or never issued: the page says so
        return response


class PasswordChangedView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
