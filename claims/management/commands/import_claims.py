import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.services.imports import claim_import
from config.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Import claims from a JSON Lines file, one object a line with text, language and "
        "optionally text_en, event_date (YYYY-MM-DD) and event_place. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Who files them (a username).")

    def handle(self, *args, file, user, **options):
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user called {user!r}.")
        rows = []
        try:
            with file.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise CommandError(f"{file}, line {number}: not JSON ({exc})") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text.") from exc
        try:
            count = claim_import(rows=rows, actor=person)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Imported {count} claims.")
