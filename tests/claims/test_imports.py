"""Bulk import: every row checked first, then all written with COPY."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from claims.selectors.search import claim_search
from claims.services.imports import claim_import
from config.exceptions import ApplicationError, NotAllowed

pytestmark = pytest.mark.django_db

ROWS = [
    {"text": " Бунтовниците влязоха в Хама. ", "language": "BG", "event_date": "2024-12-05"},
    {"text": "Rebels took Hama.", "language": "en", "text_en": "", "event_place": "Hama"},
]


def test_rows_become_new_claims_with_their_fields(reviewer):
    assert claim_import(rows=ROWS, actor=reviewer) == 2
    first, second = Claim.objects.order_by("id")
    assert (first.text, first.language, first.event_date) == (
        "Бунтовниците влязоха в Хама.",
        "bg",
        date(2024, 12, 5),
    )
    assert (second.status, second.version, second.event_place) == ("new", 1, "Hama")
    assert second.created_by == reviewer
    # imported rows are searchable like any other (the generated column is filled)
    assert [c.pk for c in claim_search(Claim.objects.all(), text="Hama")] == [second.pk]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"language": "en"}, "rows[1].text"),
        ({"text": "x"}, "rows[1].language"),
        ({"text": "x", "language": "en", "event_date": "5 Dec"}, "rows[1].event_date"),
        ({"text": 5, "language": "en"}, "rows[1].text"),
        ({"text": "x" * 10_001, "language": "en"}, "rows[1].text"),
        ({"text": "x", "language": "en", "status": "published"}, "rows[1].status"),
        ("just text", "rows[1].text"),
    ],
)
def test_one_bad_row_names_itself_and_nothing_is_written(reviewer, bad, field):
    with pytest.raises(ApplicationError) as error:
        claim_import(rows=[ROWS[0], bad], actor=reviewer)
    assert error.value.field == field
    assert not Claim.objects.exists()


def test_roles_that_cannot_file_claims_cannot_import(api_client_user):
    with pytest.raises(NotAllowed):
        claim_import(rows=ROWS, actor=api_client_user)


def test_the_command_imports_json_lines(reviewer, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in ROWS) + "\n")
    call_command("import_claims", str(path), user=reviewer.username)
    assert Claim.objects.count() == 2

    path.write_text('{"text": "x", "language": "en"}\n{"text": "y", "language": ""}\n')
    with pytest.raises(CommandError, match="Row 1: language is required"):
        call_command("import_claims", str(path), user=reviewer.username)
    assert Claim.objects.count() == 2
