"""`Authorization: Token <key>` against hashed ApiToken rows, and the
permission backend."""

from datetime import UTC, datetime, timedelta
from functools import cache

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Permission
from django.db import connection, connections, router
from django.db.models import Q
from django.utils import timezone
from rest_framework import authentication, exceptions

from config.db_router import may_read_replica, pinned, use_primary
from verify.models import ApiToken

# Record use at most this often, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=5)


@cache
def _token_sql() -> tuple[str, list[str], list[str]]:
    """The token-with-its-user lookup, written once per process from the
    models' own metadata: building it through the ORM cost about 1.5 ms of
    Python on every API request (docs/benchmarks.md), the query itself a
    tenth of that."""
    user_model = get_user_model()
    token_fields, user_fields = ApiToken._meta.concrete_fields, user_model._meta.concrete_fields
    quote = connection.ops.quote_name

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    columns = [f"t.{quote(f.column)}" for f in token_fields]
    columns += [f"u.{quote(f.column)}" for f in user_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(ApiToken._meta.db_table)} t "
        f"JOIN {quote(user_model._meta.db_table)} u "
        f"ON u.{quote(user_model._meta.pk.column)} = t.{column(ApiToken, 'user')} "
        f"WHERE t.{column(ApiToken, 'key_hash')} = %s "
        f"AND t.{column(ApiToken, 'revoked_at')} IS NULL"
    )
    token_columns = [f.attname for f in token_fields]
    user_columns = [f.attname for f in user_fields]
    return sql, token_columns, user_columns


def token_with_user(key: str) -> ApiToken | None:
    """The live (not revoked) token with this key, its user loaded; one
    query. A revoked token stops working at once."""
    sql, token_columns, user_columns = _token_sql()
    with connections[router.db_for_read(ApiToken)].cursor() as cursor:
        cursor.execute(sql, [ApiToken.hash_of(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    db = cursor.db.alias
    token = ApiToken.from_db(db, token_columns, _converted(ApiToken, row[: len(token_columns)]))
    user_model = get_user_model()
    token.user = user_model.from_db(
        db, user_columns, _converted(user_model, row[len(token_columns) :])
    )
    return token


def _converted(model, values) -> list:
    """Raw SQL skips the backend's type conversions: SQLite (the quick
    start) hands datetimes back as text. Each value as the ORM would read it."""
    if connection.vendor == "postgresql":
        return list(values)
    fields = model._meta.concrete_fields
    return [
        _aware(field.to_python(value)) if value is not None else value
        for field, value in zip(fields, values, strict=True)
    ]


def _aware(value):
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)  # SQLite keeps UTC
    return value


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = token_with_user(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if may_read_replica() and (token.user.is_staff or pinned(token.user.pk)):
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
