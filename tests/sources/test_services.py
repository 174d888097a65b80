import pytest
from django.core.exceptions import ValidationError

from config.exceptions import ApplicationError, NotAllowed
from sources.aliases import normalize_alias
from sources.models import Source
from sources.selectors import source_by_alias, source_rating_history
from sources.services import (
    source_alias_add,
    source_create,
    source_grade,
    source_update,
    sources_accept,
)
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("@ClashReport", "clashreport"),
        ("Clash  Report", "clash report"),
        ('"Рибар"', "рибар"),
        ("«Военен осведомител»", "военен осведомител"),
        ("Ri\u200bbar", "ribar"),  # zero-width space pasted from a web page
        ("ＨＵＲ", "hur"),  # full-width letters
    ],
)
def test_alias_normal_form(left, right):
    assert normalize_alias(left) == right


def test_source_create_makes_name_handle_and_aliases_findable():
    rybar = source_create(
        name="Rybar",
        kind=Source.Kind.CHANNEL,
        platform=Source.Platform.TELEGRAM,
        handle="@rybar",
        country="ru",
        affiliation="close to the Russian MoD",
        aliases=["Рибар", "Рыбарь", "RYBAR"],
    )
    assert rybar.country == "RU"
    assert sorted(rybar.aliases.values_list("normalized", flat=True)) == [
        "rybar",
        "рибар",
        "рыбарь",
    ]
    for spelling in ["Рибар", "@Rybar", "rybar", "Рыбарь"]:
        assert list(source_by_alias(name=spelling)) == [rybar]


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "blogger"), ("country", "Ukraine"), ("url", "not a url"), ("name", "  ")],
)
def test_source_create_names_the_bad_field(field, value):
    data = {"name": "HUR", "kind": Source.Kind.INTELLIGENCE_SERVICE, field: value}
    with pytest.raises(ValidationError) as caught:
        source_create(**data)
    assert field in caught.value.message_dict
    assert not Source.objects.exists()


def test_source_alias_add_is_idempotent_and_refuses_empty_names():
    source = SourceFactory()
    first = source_alias_add(source=source, name="Military Informant")
    again = source_alias_add(source=source, name="military  informant")
    assert first.pk == again.pk
    with pytest.raises(ApplicationError) as caught:
        source_alias_add(source=source, name=" @ ")
    assert caught.value.field == "name"


def test_grading_keeps_every_grade_with_its_reason(source_desk):
    source = SourceFactory()
    source_grade(source=source, grade="C", rationale="Party to the conflict.", actor=source_desk)
    source_grade(source=source, grade="B", rationale="Confirmed three times.", actor=source_desk)

    source.refresh_from_db()
    assert source.reliability == "B"
    history = list(source_rating_history(source=source))
    assert [(r.grade, r.rationale, r.rated_by) for r in history] == [
        ("B", "Confirmed three times.", source_desk),
        ("C", "Party to the conflict.", source_desk),
    ]


def test_grading_refuses_a_grade_off_the_scale_and_writes_nothing(source_desk):
    source = SourceFactory()
    with pytest.raises(ValidationError) as caught:
        source_grade(source=source, grade="Z", rationale="?", actor=source_desk)
    assert "grade" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        source_grade(source=source, grade="A", rationale="   ", actor=source_desk)
    assert "rationale" in caught.value.message_dict
    source.refresh_from_db()
    assert source.reliability == ""
    assert not source.ratings.exists()


def test_only_the_source_desk_grades(reviewer):
    source = SourceFactory()
    with pytest.raises(NotAllowed):
        source_grade(source=source, grade="A", rationale="Trust me.", actor=reviewer)
    assert not source.ratings.exists()


def test_parent_chain_cannot_loop():
    ministry = SourceFactory(kind=Source.Kind.GOVERNMENT)
    person = SourceFactory(kind=Source.Kind.PERSON, parent=ministry)
    with pytest.raises(ApplicationError) as caught:
        source_update(source=ministry, parent=person)
    assert caught.value.field == "parent"
    ministry.refresh_from_db()
    assert ministry.parent is None


def test_grade_changes_only_through_grading():
    source = SourceFactory()
    with pytest.raises(ApplicationError) as caught:
        source_update(source=source, reliability="A")
    assert caught.value.field == "reliability"


def test_renaming_an_alias_renormalises_it_and_refuses_a_twin():
    from sources.services import source_alias_rename

    source = SourceFactory()
    rybar = source_alias_add(source=source, name="Rybar")
    source_alias_add(source=source, name="Рибар")
    renamed = source_alias_rename(alias=rybar, name="@Rybar_channel")
    assert (renamed.name, renamed.normalized) == ("@Rybar_channel", "rybar_channel")
    with pytest.raises(ApplicationError) as caught:
        source_alias_rename(alias=rybar, name="РИБАР")
    assert caught.value.field == "name"


def test_the_source_desk_accepts_proposed_sources(source_desk, reviewer):
    proposed, registered = SourceFactory(pending=True), SourceFactory()
    with pytest.raises(NotAllowed):
        sources_accept(sources=[proposed], actor=reviewer)
    assert sources_accept(sources=[proposed, registered], actor=source_desk) == 1
    proposed.refresh_from_db()
    assert proposed.pending is False
