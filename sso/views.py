"""Signing in with the organisation account, its return, and signing out.

The sign-in views answer 404 while single sign-on is off, so that nothing of it is
reachable then; they are mounted always because settings are read at each request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from sso.backend import UNAVAILABLE
from sso.config import sso_enabled
from sso.provider import DiscoveryError, discover

FAILED = (
    "Signing in with your organisation account did not work. Try again, or log in with a "
    "password if you have one."
)


@method_decorator(login_not_required, name="dispatch")
class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint, found by discovery."""

    def __init__(self, **kwargs: object) -> None:
        # Not the library's __init__, which reads the endpoint from settings.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404("Single sign-on is off.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discover().authorization_endpoint
        except DiscoveryError:
            messages.error(request, UNAVAILABLE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the library checks the state and
    authenticates (sso.backend); a refusal goes back to the login page with why."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404("Single sign-on is off.")
        return super().get(request)

    def login_failure(self) -> HttpResponse:
        if not len(messages.get_messages(self.request)):  # the backend may have said why
            messages.error(self.request, FAILED)
        return redirect("login")


class SignOutView(auth_views.LogoutView):
    """Django's logout; after a single sign-on, it goes on to the provider's
    end_session_endpoint (RP-initiated logout), which signs the person out there too and
    sends them back to the login page. Without one, it is Django's logout exactly."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not id_token or not sso_enabled():
            return response
        try:
            end_session = discover().end_session_endpoint
        except DiscoveryError:
            return response  # signed out here; the provider's session stays
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(
                    resolve_url(settings.LOGOUT_REDIRECT_URL)
                ),
            }
        )
        return HttpResponseRedirect(f"{end_session}?{query}")
