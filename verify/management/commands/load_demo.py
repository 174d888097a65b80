from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from verify.demo import DEMO_USERS, demo_load

DEMO_PASSWORD = "claimtrace-demo"


class Command(BaseCommand):
    help = "Load the demo article's claims, sources and relay chains (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Give the demo accounts a known password and print it (never in production).",
        )

    def handle(self, *args, with_demo_users=False, **options):
        if with_demo_users and not settings.CLAIMTRACE_DEMO_USERS_ALLOWED:
            raise CommandError("Demo logins are not allowed with these settings.")
        result = demo_load(password=DEMO_PASSWORD if with_demo_users else None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {result['claims']} new claim(s), {result['sources']} sources."
            )
        )
        if with_demo_users:
            self.stdout.write("Demo logins (local demo only), password " + DEMO_PASSWORD + ":")
            for username, role, full_name, _ in DEMO_USERS:
                self.stdout.write(f"  {username:<11} {role or 'superuser':<12} {full_name}")
