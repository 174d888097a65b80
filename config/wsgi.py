import os

from django.core.wsgi import get_wsgi_application

# A web process: its statements are bounded (WEB_STATEMENT_TIMEOUT_MS).
os.environ.setdefault("CLAIMTRACE_PROCESS", "web")
# A request embeds one short text; the workers are the parallelism. The
# embedder's OpenMP threads (one per core by default, spinning while they
# wait) made two concurrent searches 40x slower on 2 cores (docs/security.md).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
