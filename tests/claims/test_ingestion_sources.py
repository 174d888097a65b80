"""A source is a phrase that names someone: verbs, discourse markers,
relatives and times never are; a pronoun points back at the speaker named
before it or stays unresolved for the desk; an unnamed source is typed as
such under its organisation. Sentences written for the test."""

import pytest

from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import NAME, NO_ONE, POINTER, UNNAMED, source_phrase
from claims.ingestion.register import Register
from claims.models import Candidate
from claims.selectors.origins import origins_of
from claims.services.ingestion import candidate_accept, ingestion_job_create, ingestion_run
from config.exceptions import ApplicationError
from sources.models import Source
from sources.services import source_create
from tests.factories import AttributionFactory, ClaimFactory


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("the Harbour Authority", NAME),
        ("Valley Guard", NAME),
        ("Russian war bloggers", NAME),
        ("Турецькі ЗМІ", NAME),
        ("he", POINTER),
        ("the ministry", POINTER),
        ("a source in the Valley Guard", UNNAMED),
        ("sources", UNNAMED),
        ("джерела в Службі безпеки", UNNAMED),
        # a spokesman who is named is not an unnamed source; an institution or its head is
        ("представитель штаба Иван Горохов", NAME),
        ("представник Сил оборони Тарас Кравець", NAME),
        ("представник розвідки Сил оборони України Тарас Кравець", NAME),
        ("источник в Северном Союзе", UNNAMED),
        ("представител на кабинета на Иван Горохов", UNNAMED),
        ("the mayor's office reacted", NO_ONE),  # a clause
        ("Кремль отреагировал", NO_ONE),
        ("напомняме", NO_ONE),  # "we remind": a discourse marker
        ("which have the keys", NO_ONE),  # a relative clause
        ("Later in the evening", NO_ONE),  # a time
        ("Figures", NO_ONE),  # a common word, capitalised because it opens the sentence
        ("They simply repeat it", NO_ONE),
        ("with heavy losses", NO_ONE),
        ("Під час наради", NO_ONE),
    ],
)
def test_what_a_source_phrase_is(phrase, kind):
    assert source_phrase(phrase).kind == kind


def test_an_unnamed_source_keeps_the_organisation_it_sits_in():
    assert source_phrase("a source in the Valley Guard").institution == "the Valley Guard"
    assert source_phrase("Ukrainian military sources").institution == "Ukrainian military"
    assert source_phrase("two people familiar with the plans").institution == ""


@pytest.mark.django_db
def test_no_source_is_invented_from_a_clause_and_a_pronoun_points_back():
    source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    register = Register()
    text = (
        "The Valley Guard said that the northern bridge had been destroyed overnight.\n\n"
        "He added that two ferries were also lost.\n\n"
        "The mayor's office reacted angrily, saying the convoy had never arrived."
    )
    found = extract(text, register=register, detect=detect_language)[1]
    names = {link.name for item in found for link in item.links}
    assert "The mayor's office reacted angrily" not in names
    assert all(link.source is not None for item in found for link in item.links), names
    assert {link.name for item in found for link in item.links} == {"Valley Guard"}


@pytest.mark.django_db
def test_a_pronoun_with_nobody_before_it_is_unresolved_and_cannot_be_filed(reviewer):
    job = ingestion_job_create(
        actor=reviewer, text="She said that the northern bridge had been destroyed overnight."
    )
    ingestion_run(job_pk=job.pk)
    candidate = Candidate.objects.get(job=job)
    (link,) = candidate.attributions
    assert link["unresolved"]
    assert link["source"] is None
    assert link["resolution"].startswith("unresolved")
    with pytest.raises(ApplicationError) as refused:
        candidate_accept(candidate=candidate, actor=reviewer)
    assert refused.value.field == "attributions"
    assert not Source.objects.filter(name__iexact="she").exists()


@pytest.mark.django_db
def test_an_unnamed_source_is_filed_under_its_organisation_and_cited_as_unnamed(reviewer):
    guard = source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    job = ingestion_job_create(
        actor=reviewer,
        text="A source in the Valley Guard said that the northern bridge had been destroyed.",
    )
    ingestion_run(job_pk=job.pk)
    candidate = Candidate.objects.get(job=job)
    (link,) = candidate.attributions
    assert (link["source"], link["unnamed"]) == (guard.pk, True)
    assert link["resolution"].startswith("an unnamed source in Valley Guard")
    claim = candidate_accept(candidate=candidate, actor=reviewer)
    (attribution,) = claim.attributions.all()
    assert attribution.unnamed
    assert attribution.source == guard
    assert not Source.objects.filter(name__icontains="source in").exists()
    (origin,) = origins_of(claim)
    assert origin.name == "an unnamed source in Valley Guard"


@pytest.mark.django_db
def test_the_organisation_speaking_and_an_unnamed_source_of_it_are_one_origin():
    guard = source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=guard)
    AttributionFactory(claim=claim, source=guard, unnamed=True)
    (origin,) = origins_of(claim)
    assert origin.name == "Valley Guard"  # the organisation said it too


@pytest.mark.django_db
def test_the_job_page_shows_unresolved_and_unnamed_sources(reviewer, client):
    from django.urls import reverse

    source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    job = ingestion_job_create(
        actor=reviewer,
        text=(
            "She said that the northern bridge had been destroyed overnight.\n\n"
            "A source in the Valley Guard said that the ferries had stopped at dawn."
        ),
    )
    ingestion_run(job_pk=job.pk)
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_ingestionjob_change", args=[job.pk])).content.decode()
    assert '<strong translate="no">She</strong>' in page
    assert "nobody is named: pick the source" in page
    assert "an unnamed source in an organisation of the register" in page


@pytest.mark.django_db
def test_according_to_him_points_at_the_subject_of_the_sentence_before():
    """ "X held a briefing. According to him, …": no report before it in the
    paragraph, so "him" is the one the sentence before opened with."""
    register = Register()
    text = "Представитель портовой службы провёл брифинг. По его словам, паром затонул у причала."
    found = extract(text, register=register, detect=detect_language)[1]
    assert len(found) == 1
    assert found[0].links[0].phrase == "Представитель портовой службы"
    assert not found[0].links[0].unresolved or found[0].links[0].unnamed


@pytest.mark.django_db
def test_html_pasted_as_text_is_read_as_html_never_its_style_as_a_source():
    source_create(name="Valley Guard", kind=Source.Kind.MILITARY)
    text = (
        '<p style="text-align: justify;">The Valley Guard said that the northern bridge had '
        "been destroyed overnight.</p>\n"
        '<p style="text-align: justify;">Engineers expect to need three weeks for repairs, '
        "the local council said.</p>"
    )
    found = extract(text, register=Register(), detect=detect_language)[1]
    names = {link.name for item in found for link in item.links}
    assert not any("text-align" in name or "justify" in name for name in names), names
    assert found[0].text.startswith("The northern bridge had been destroyed")
    assert "<p" not in " ".join(item.text for item in found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Бригада «Берег» заявила, що маяк на мисі цілий і працює.", "uk", "Бригада «Берег»"),
        ("Бригада „Бряг“ заяви, че фарът на носа е цял и работи.", "bg", "Бригада „Бряг“"),
        ("«Берег» заявила, що маяк на мисі цілий і працює.", "uk", "Берег"),
    ],
)  # fmt: skip
def test_a_name_ending_in_quotation_marks_keeps_its_closing_mark(text, lang, name):
    [item] = extract(text, register=Register(), detect=lambda _t: lang)[1]
    assert item.links[0].name == name


def _chains(text: str, lang: str = "en") -> list[tuple[str, list[tuple[str, int | None, bool]]]]:
    found = extract(text, register=Register(), detect=lambda _t: lang)[1]
    return [(item.text, [(link.phrase or link.name, link.via, link.unresolved)
                         for link in item.links]) for item in found]  # fmt: skip


@pytest.mark.django_db
def test_a_title_alone_goes_back_to_the_one_named_with_it_or_waits_for_the_desk():
    chains = _chains(
        "President Ivan Horak said the river line would hold for several weeks.\n\n"
        "The mayor said the ferry across the river was running again.\n\n"
        "The president said the northern bridge would reopen on Friday."
    )
    assert chains == [
        ("The river line would hold for several weeks.",
         [("President Ivan Horak", None, False)]),
        # no mayor was named: not the last speaker, the desk picks
        ("The ferry across the river was running again.", [("The mayor", None, True)]),
        ("The northern bridge would reopen on Friday.", [("President Ivan Horak", None, False)]),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_title_in_a_quote_is_the_one_the_text_named_with_it_and_the_quoted_one_relays():
    opening = "Kyiv said the town of Lisne was held, after President Ivan Horak had met {}.\n\n"
    rest = (
        "His spokesman Petro Kulyk wrote on Facebook that the briefing was over.\n\n"
        'He added: "Thus, the president has rejected the loss of the town of Lisne."'
    )
    *_, (text, chain) = _chains(opening.format("the mayor of Lisne") + rest)
    assert (text, chain) == ("The loss of the town of Lisne.", [
        ("Ivan Horak", None, False), ("His spokesman Petro Kulyk", 0, False)])  # fmt: skip
    # two presidents named, neither quoted: the desk picks
    *_, (text, chain) = _chains(opening.format("President Tom Lane") + rest)
    assert chain[0] == ("the president", None, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "chain"),
    [
        ('"Coastal Command said that the pier was hit twice," mayor Ivan Petrov said.', "en",
         [("Coastal Command", None, False), ("mayor Ivan Petrov", 0, False)]),
        ("«Береговое командование заявило, что причал поврежден», — сказал мэр Иван Петров.",
         "ru", [("Береговое командование", None, False), ("мэр Иван Петров", 0, False)]),
        # the speaker's own "we", and a label before the words, are no one else
        ('"We said that the pier was hit twice last night," mayor Ivan Petrov said.', "en",
         [("mayor Ivan Petrov", None, False)]),
        ('"Question: the navy said the pier was hit twice last night," mayor Ivan Petrov '
         "wrote.", "en", [("mayor Ivan Petrov", None, False)]),
    ],
)  # fmt: skip
def test_a_quoted_report_of_another_is_theirs_passed_on_by_the_one_quoted(text, lang, chain):
    [(_text, links)] = _chains(text, lang)
    assert links == chain
