from django.core.management.base import BaseCommand

from verify.services.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the role groups: reviewer, editor, source desk, API client."

    def handle(self, *args, **options):
        groups = roles_sync()
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
