"""Token authentication that refuses a malformed key itself instead of passing it to the database."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token scheme; a key with a NUL character is an invalid token (PostgreSQL would fail on the lookup)."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
