import os

from django.core.asgi import get_asgi_application

# A web process: its statements are bounded (WEB_STATEMENT_TIMEOUT_MS).
os.environ.setdefault("CLAIMTRACE_PROCESS", "web")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
