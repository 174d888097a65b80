"""Bulk import of claims (a desk's archive moving in): every row is checked
first, then all are written at once, on PostgreSQL with binary COPY."""

from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.lemmas import text_lemmas
from claims.models import TEXT_MAX_CHARS, Claim
from claims.permissions import can_file_claims
from config.exceptions import ApplicationError, NotAllowed

COLUMNS = (
    "text",
    "language",
    "text_en",
    "event_date",
    "event_place",
    "status",
    "review_round",
    "version",
    "retraction_reason",
    "created_at",
    "updated_at",
    "created_by_id",
    "lemmas",
)
COPY_TYPES = [
    "text",
    "varchar",
    "text",
    "date",
    "varchar",
    "varchar",
    "int4",
    "int4",
    "text",
    "timestamptz",
    "timestamptz",
    "int4",
    "text",
]
_ALLOWED = {"text", "language", "text_en", "event_date", "event_place"}


def _row(number: int, row: Mapping) -> tuple:
    def fail(field: str, message: str):
        raise ApplicationError(
            _("Row %(number)s: %(problem)s") % {"number": number, "problem": message},
            field=f"rows[{number}].{field}",
        )

    if not isinstance(row, Mapping):
        fail("text", "each row is an object with text and language.")
    unknown = set(row) - _ALLOWED
    if unknown:
        fail(sorted(unknown)[0], f"unknown field {sorted(unknown)[0]!r}.")
    values = {}
    for field, limit, required in [
        ("text", TEXT_MAX_CHARS, True),
        ("language", 16, True),
        ("text_en", TEXT_MAX_CHARS, False),
        ("event_place", 200, False),
    ]:
        value = row.get(field, "")
        if not isinstance(value, str):
            fail(field, f"{field} must be text.")
        value = value.strip()
        if required and not value:
            fail(field, f"{field} is required.")
        if len(value) > limit:
            fail(field, f"{field} is longer than {limit} characters.")
        values[field] = value
    event_date = row.get("event_date")
    if event_date not in (None, ""):
        try:
            event_date = date.fromisoformat(event_date)
        except (TypeError, ValueError):
            fail("event_date", "event_date must be a date, YYYY-MM-DD.")
    else:
        event_date = None
    return (
        values["text"],
        values["language"].lower(),
        values["text_en"],
        event_date,
        values["event_place"],
    )


def claim_import(*, rows: Iterable[Mapping], actor: AbstractBaseUser | None) -> int:
    """File many claims at once as `new`; all or none. Returns how many.

    Checks every row before writing any (a bad row is a 400 naming it, e.g.
    `rows[12].language`). No history or suggestion rows are written: an
    imported claim has no attributions yet and starts its record here."""
    if actor is not None and not can_file_claims(actor):
        raise NotAllowed(_("Your role cannot file claims."))
    now = timezone.now()
    user_id = actor.pk if actor is not None else None
    tail = (Claim.Status.NEW, 1, 1, "", now, now, user_id)
    checked = [
        (*values, *tail, text_lemmas(values[0], values[1]))
        for values in (_row(number, row) for number, row in enumerate(rows))
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            columns = ", ".join(COLUMNS)
            with connection.cursor() as cursor:
                sql = f"COPY claims_claim ({columns}) FROM STDIN (FORMAT BINARY)"
                with cursor.cursor.copy(sql) as copy:
                    copy.set_types(COPY_TYPES)
                    for values in checked:
                        copy.write_row(values)
        else:
            Claim.objects.bulk_create(
                [Claim(**dict(zip(COLUMNS, values, strict=True))) for values in checked],
                batch_size=500,
            )
    return len(checked)
