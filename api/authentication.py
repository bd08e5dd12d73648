"""A personal token in the Authorization header: `Token <key>` or `Bearer <key>`."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from api.models import PersonalToken
from api.services import personal_token_touch

# Both words, as clients send them: DRF's own is "Token", OAuth's (RFC 6750) is "Bearer".
KEYWORDS = (b"token", b"bearer")
REFUSED = "The token is not valid, or has been revoked."


class PersonalTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, PersonalToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # no token given: another way of signing in may apply
        if len(words) != 2:
            raise AuthenticationFailed("Give the token as: Authorization: Token <key>.")
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(REFUSED) from error
        # Looked up on every request, so a revoked token stops at once.
        token = PersonalToken.objects.for_key(key)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(REFUSED)
        personal_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 with WWW-Authenticate, not 403, when no one is signed in.
        return 'Bearer realm="api"'


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token (drf-spectacular)."""

    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A personal token from /account/tokens/, as "Token <key>".',
        }
