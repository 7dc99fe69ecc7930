from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("password-reset/", views.ForgottenPasswordView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetLinkSentView.as_view(), name="password_reset_sent"),
    path("password-reset/<uidb64>/<token>/", views.ChooseNewPasswordView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordChangedView.as_view(), name="password_reset_complete"),
]
