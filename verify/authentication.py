"""`Authorization: Token <key>` against hashed ApiToken rows, and the
permission backend."""

from datetime import timedelta

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone
from rest_framework import authentication, exceptions

from config.db_router import pinned, use_primary
from verify.models import ApiToken

# Record use at most this often, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_of(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if token.user.is_staff or pinned(token.user.pk):
            use_primary()  # the desk, or a client that just wrote: their own writes
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


class ModelBackend(backends.ModelBackend):
    """Django's model backend, reading a user's own and group permissions in
    one query instead of two (every staff API request checks a permission)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                permissions = Permission.objects.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                ).distinct()
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in permissions.values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache
