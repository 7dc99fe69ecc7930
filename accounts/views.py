from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from config import guards

from .forms import SignInForm


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
