"""Read replicas: which database a query goes to.

With `DATABASE_REPLICA_URLS` set, the reads of a request may go to a
streaming replica of the primary; everything else goes to the primary:

- reads of safe requests (GET, HEAD, OPTIONS) by anonymous users and API
  clients (the public site, feeds, exports, research clients) go to a
  replica, one per request, chosen among those whose lag is under
  `DATABASE_REPLICA_MAX_LAG` seconds (measured on the replica, at most once
  a second per process; a replica that does not answer is skipped);
- writes, staff (the desk's pages and API calls), sessions, users,
  permissions and tokens, Celery tasks and commands use the primary;
- a request that wrote reads the primary from then on, and so does its user
  for `DATABASE_REPLICA_PIN_SECONDS` after it: nobody misses their own write.

With no replica set, neither the router nor the middleware is installed
(config/settings/base.py): every query goes to the primary as before.
`ReadRoutingMiddleware` opens the window for a request;
`verify.clients.authentication` closes it for a staff token.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
# Read on the primary whoever asks: who someone is, and what they may do.
PRIMARY_APPS = {"auth", "sessions", "admin", "axes", "contenttypes", "django_celery_beat"}
PRIMARY_MODELS = {"verify.apitoken"}
# Bookkeeping writes that do not make a reader need their own write back.
NOT_A_WRITE = {"verify.apitoken", "axes.accessattempt", "axes.accesslog", "sessions.session"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CHECK_EVERY = 1.0  # seconds between lag measurements of a replica, per process
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""

# Per request: None (the primary), or the replica alias chosen (or "" not
# chosen yet) while reads may go to a replica; and whether it wrote.
_reads: contextvars.ContextVar[str | None] = contextvars.ContextVar("reads", default=None)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)
_lags: dict[str, tuple[float, float | None]] = {}  # alias -> (measured at, lag or None)
_lock = threading.Lock()


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def replica_lag(alias: str) -> float | None:
    """Seconds the replica is behind the primary, or None when it does not
    answer; measured at most once every CHECK_EVERY seconds."""
    now = time.monotonic()
    with _lock:
        known = _lags.get(alias)
        if known is not None and now - known[0] < CHECK_EVERY:
            return known[1]
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag: float | None = float(cursor.fetchone()[0])
    except DatabaseError as exc:
        logger.warning("Replica %s skipped: %s", alias, exc)
        connections[alias].close()
        lag = None
    with _lock:
        _lags[alias] = (now, lag)
    return lag


def _replica() -> str:
    """A replica within the lag bound for this request, connected, or the
    primary. A replica that stopped since its lag was measured is found
    here, before the request's first read, and skipped."""
    usable = [
        alias
        for alias in replica_aliases()
        if (lag := replica_lag(alias)) is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG
    ]
    random.shuffle(usable)
    for alias in usable:
        try:
            connections[alias].cursor().close()  # its health check, or a new connection
            return alias
        except DatabaseError as exc:
            logger.warning("Replica %s skipped: %s", alias, exc)
            connections[alias].close()
            with _lock:
                _lags[alias] = (time.monotonic(), None)
    return PRIMARY


def use_primary() -> None:
    """From here on this request reads the primary (a staff user, a write)."""
    if _reads.get() is not None:
        _reads.set(None)


def pinned(user_id) -> bool:
    return bool(user_id) and cache.get(f"db-pin:{user_id}") is not None


def may_read_replica() -> bool:
    """Whether this request's reads may still go to a replica (never when
    none is configured: the middleware that allows it is not installed)."""
    return _reads.get() is not None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        chosen = _reads.get()
        if chosen is None or model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        if model._meta.label_lower in PRIMARY_MODELS:
            return PRIMARY
        if chosen == "":
            chosen = _replica()
            _reads.set(chosen)
        return chosen

    def db_for_write(self, model, **hints):
        if model._meta.label_lower not in NOT_A_WRITE:
            _wrote.set(True)
            use_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # a replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


class ReadRoutingMiddleware:
    """Lets a safe request by anyone but staff, and not pinned by a recent
    write of theirs, read from a replica; pins a user who wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        may = request.method in SAFE_METHODS and not (
            user is not None and user.is_authenticated and (user.is_staff or pinned(user.pk))
        )
        reads = _reads.set("" if may else None)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if _wrote.get() and user is not None and user.is_authenticated:
                cache.set(f"db-pin:{user.pk}", 1, settings.DATABASE_REPLICA_PIN_SECONDS)
            return response
        finally:
            _reads.reset(reads)
            _wrote.reset(wrote)
