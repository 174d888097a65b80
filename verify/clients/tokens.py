"""API tokens for REST clients: made in the admin, shown once, revocable."""

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import ApplicationError
from verify.models import ApiToken


@transaction.atomic
def token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Make a token; returns it and the key, which is not stored anywhere."""
    name = _clean_name(name)
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_of(key), prefix=key[:8]
    )
    return token, key


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ApplicationError(_("Say which system the token is for."), field="name")
    return name


@transaction.atomic
def token_rename(*, token: ApiToken, name: str) -> ApiToken:
    """Rename a token (the system it serves changed its name); its key stays."""
    token.name = _clean_name(name)
    token.save(update_fields=["name"])
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token working at once; it stays listed, marked revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
