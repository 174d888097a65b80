"""The register never files a name under another party or institution, and
files the same party written otherwise together: rules tested on names
written for the test, then measured on the lookalike pairs in ../shared."""

import json

import pytest

from claims.ingestion.evaluation import lookalike_report
from claims.ingestion.register import Register
from sources.models import Source
from sources.services import source_create
from tests.claims.ingestion_eval import SHARED, needs_shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_of():
    def make(*sources):
        for name, kind, aliases, country in sources:
            source_create(name=name, kind=kind, aliases=aliases, country=country)
        return Register()

    return make


def test_a_ministry_of_one_country_is_not_filed_under_anothers(register_of):
    register = register_of(
        ("Israeli Ministry of Defence", "government", ["defence ministry"], "IL")
    )
    # its alias word for word, but the phrase names another country
    (match,) = register.resolve("Turkey's defence ministry")
    assert match.source_id is None
    (match,) = register.resolve("the defence ministry")
    assert match.source_name == "Israeli Ministry of Defence"
    assert match.resolution == "alias"


def test_another_institution_of_the_same_country_is_not_filed_under_it(register_of):
    register = register_of(("Sky Watch on Telegram", "channel", ["Sky Watch channel"], "UA"))
    (match,) = register.resolve("Ukraine's air force channel")
    assert match.source_id is None


def test_a_near_spelling_is_only_a_suggestion_with_its_reason(register_of):
    register = register_of(("Oleksandr Pivnenko", "person", ["Pivnenko"], ""))
    (match,) = register.resolve("Oleksandr Pivnanko")
    assert match.source_id is None  # never filed by itself
    assert match.suggested_id == Source.objects.get(name="Oleksandr Pivnenko").pk
    assert match.resolution.startswith("suggested: fuzzy ")
    assert match.resolution.endswith("Oleksandr Pivnenko, check")


def test_no_suggestion_across_parties(register_of):
    register = register_of(("Border Guard of Ukraine", "military", [], "UA"))
    (match,) = register.resolve("Border Guard of Ruzzia")  # spelled alike, another side
    (plain,) = register.resolve("Border Guard of Ukriane")
    assert plain.suggested_id is not None
    assert match.suggested_id is None or "russia" not in match.resolution


def test_declined_and_transliterated_forms_say_how_they_were_found(register_of):
    register = register_of(("Rybar", "channel", ["Рибар"], "RU"))
    assert register.resolve("Рибар")[0].resolution == "alias"
    assert register.resolve("Rybar")[0].resolution == "alias"
    assert register.resolve("Рыбарь")[0].resolution == "transliteration"


LOOKALIKES = SHARED / "ingestion-constructions" / "lookalikes.json"


@needs_shared
@pytest.mark.evaluation
def test_the_lookalike_pairs_hold_their_floors(demo):
    """On the demo register, with the pairs' register names it lacks added:
    0 misfiled (6 before the party, institution, acronym and own-name
    rules); same-party pairs resolved together 0.97 (0.58, then 0.61 before
    the key by meaning: morphology, parties, institutions)."""
    pairs = json.loads(LOOKALIKES.read_text())
    known = set(Source.objects.values_list("name", flat=True))
    for name in sorted({p["b"] for p in pairs} - known):
        source_create(name=name, kind="other")
    report = lookalike_report(pairs, Register())
    print("\n".join(report.lines()))
    assert report.misfiled == []
    assert report.same_share >= 0.95


def test_declined_and_reordered_names_resolve_by_meaning(register_of):
    """Morphology (pymorphy3, lemmagen3), the party and the institution: the
    same body in another case, word order or language."""
    register = register_of(
        ("Navy of Freedonia", "military", ["Freedonian Navy"], ""),
        ("Coastal Army of Ukraine", "military", ["Ukrainian coastal army"], "UA"),
        ("Ukrainian Armed Forces General Staff", "military", [], "UA"),
        ("Ivan Petrenko", "person", [], "UA"),
    )
    staff = Source.objects.get(name="Ukrainian Armed Forces General Staff").pk
    for phrase in ("Генштабу ЗСУ", "Генерального штабу Збройних сил України", "Генштаба ВСУ",
                   "Генералния щаб на ВСУ", "Ukraine's General Staff"):  # fmt: skip
        (match,) = register.resolve(phrase)
        assert (match.source_id, match.resolution) == (staff, "word forms"), phrase
    coastal = Source.objects.get(name="Coastal Army of Ukraine").pk
    assert register.resolve("the coastal army of Ukraine")[0].source_id == coastal
    # the surname alone, declined, after a title: the one person who has it
    petrenko = Source.objects.get(name="Ivan Petrenko").pk
    assert register.resolve("генерала Петренка")[0].source_id == petrenko
    assert register.resolve("Petrenko")[0].source_id == petrenko


def test_meaning_never_files_another_party_or_a_body_with_its_own_name(register_of):
    register = register_of(
        ("Ukrainian Armed Forces General Staff", "military", [], "UA"),
        ("Ukrainian embassy in Warsaw", "government", [], "UA"),
        ("Ukrainian Army", "military", ["Українська армія"], "UA"),
    )
    for phrase in (
        "Генштаба ВС РФ",  # another country
        "Polish embassy in Kyiv",  # whose embassy, not where
        "Українська добровольча армія",  # "volunteer": a body of its own
        "Ukraine",
    ):  # a party alone is no body
        assert register.resolve(phrase)[0].source_id is None, phrase
