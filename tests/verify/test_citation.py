import pytest

from config.exceptions import Conflict
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, claim_in_state
from verify.publishing.citation import citation_for
from verify.workflow import services as workflow

pytestmark = pytest.mark.django_db


def _published_with_chain(reviewer, editor):
    claim = ClaimFactory()
    hur = AttributionFactory(claim=claim, source=SourceFactory(name="HUR", reliability="C"))
    AttributionFactory(claim=claim, source=SourceFactory(name="Dnevnik"), via=hur)
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)


def test_the_line_names_verdict_grade_origins_and_date(reviewer, editor):
    claim = _published_with_chain(reviewer, editor)
    review = claim.reviews.get()
    date = f"{review.submitted_at.day} {review.submitted_at:%B %Y}"

    citation = citation_for(claim, lang="en")

    assert citation.text == (
        f"Possibly true (C3): single origin — HUR, relayed by Dnevnik; reviewed {date}."
    )
    assert str(citation.html).startswith('<span class="claimtrace-citation" lang="en">')
    assert "<strong>Possibly true (C3)</strong>" in citation.html
    assert f'<time datetime="{review.submitted_at.date().isoformat()}">' in citation.html


def test_the_bulgarian_line_comes_from_the_translation_catalogue(reviewer, editor):
    claim = _published_with_chain(reviewer, editor)
    text = citation_for(claim, lang="bg").text
    assert text.startswith(
        "Възможно вярно (C3): един първоизточник — HUR, разпространено от Dnevnik;"
    )
    assert "проверено на" in text
    month = text.split("проверено на ")[1].split()[1]
    assert month == month.lower()
    assert month.isalpha()
    assert not month.isascii()  # a Cyrillic month name


def test_several_origins_and_a_denial_are_counted_and_named(reviewer, editor):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Clash Report", reliability="C"))
    AttributionFactory(claim=claim, source=SourceFactory(name="SOHR", reliability="B"))
    AttributionFactory(claim=claim, source=SourceFactory(name="Syrian MoD"), stance="denies")
    claim = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    assert "2 independent origins — SOHR; Clash Report; denied by Syrian MoD" in (
        citation_for(claim).text
    )
    assert "2 независими първоизточника" in citation_for(claim, lang="bg").text


def test_a_rumour_says_so(reviewer, editor):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, stance="reports_rumour", source=SourceFactory(name="Rybar"))
    claim = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    assert "single origin — Rybar (reported as rumour)" in citation_for(claim).text
    assert "(съобщено като слух)" in citation_for(claim, lang="bg").text


def test_a_retracted_claim_says_so_first(reviewer, editor):
    claim = _published_with_chain(reviewer, editor)
    workflow.claim_retract(claim=claim, actor=editor, reason="The footage is from 2016.")
    claim.refresh_from_db()
    text = citation_for(claim).text
    assert text.startswith("Retracted ")
    assert ": The footage is from 2016. Earlier verdict: Possibly true (C3)" in text
    assert citation_for(claim, lang="bg").text.startswith("Оттеглено на ")


def test_a_claim_under_re_review_keeps_its_last_verdict_and_says_so(reviewer, editor):
    claim = _published_with_chain(reviewer, editor)
    workflow.claim_reopen(claim=claim, actor=editor, reason="New footage.")
    claim.refresh_from_db()
    assert citation_for(claim).text.endswith("Under re-review.")


def test_html_escapes_names(reviewer, editor):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="<script>alert(1)</script>"))
    claim = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    html = str(citation_for(claim).html)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_no_citation_before_publication(reviewer, editor):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    with pytest.raises(Conflict) as caught:
        citation_for(claim)
    assert caught.value.code == "not_published"


def test_the_bulgarian_line_names_sources_by_their_bulgarian_names(reviewer, editor):
    from sources.models import Source
    from sources.services import source_name_set

    claim = _published_with_chain(reviewer, editor)
    source_name_set(source=Source.objects.get(name="HUR"), language="bg", name="ГУР")
    source_name_set(source=Source.objects.get(name="Dnevnik"), language="bg", name="Дневник")
    assert (
        "един първоизточник — ГУР, разпространено от Дневник;"
        in citation_for(claim, lang="bg").text
    )
    assert "single origin — HUR, relayed by Dnevnik;" in citation_for(claim, lang="en").text


def test_an_origin_that_questions_the_claim_is_not_counted_behind_it(reviewer, editor):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="HUR", reliability="C"))
    AttributionFactory(claim=claim, source=SourceFactory(name="Reuters"), stance="questions")
    claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    text = citation_for(claim, lang="en").text
    assert ": single origin — HUR; questioned by Reuters; reviewed" in text
