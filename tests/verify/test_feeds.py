from xml.etree import ElementTree

import pytest

from tests.factories import claim_in_state
from verify.publishing.citation import citation_for
from verify.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(reviewer, reviewer2, editor):
    first = claim_in_state("published", reviewer=reviewer, editor=editor)
    regraded = claim_in_state("published", reviewer=reviewer, editor=editor)
    workflow.claim_reopen(claim=regraded, actor=editor, reason="New footage.")
    workflow.claim_take(claim=regraded, actor=reviewer2)
    workflow.review_submit(
        claim=regraded,
        actor=reviewer2,
        credibility="2",
        confidence="moderate",
        rationale="Geolocated.",
    )
    workflow.claim_publish(claim=regraded, actor=editor)
    retracted = claim_in_state("retracted", reviewer=reviewer, editor=editor)
    claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)  # never in a feed
    return first, regraded, retracted


def test_json_feed(client, history):
    first, regraded, retracted = history
    response = client.get("/api/v1/feeds/published.json")
    assert response["Content-Type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    kinds = [(i["_claimtrace"]["claim"], i["tags"][0]) for i in feed["items"]]
    assert kinds == [
        (retracted.pk, "retracted"),
        (retracted.pk, "published"),
        (regraded.pk, "regraded"),
        (regraded.pk, "published"),
        (first.pk, "published"),
    ]
    newest = feed["items"][0]
    assert newest["title"].startswith("Retracted: ")
    assert newest["content_text"].startswith("Retracted ")
    assert feed["items"][2]["content_text"].startswith("Probably true (?2): no origin on record;")
    assert newest["url"].endswith(f"/claims/{retracted.pk}/")


def test_feed_items_carry_the_citation_modules_line_in_the_language_asked(client, history):
    """The item of each sign-off cites that sign-off's verdict, as the
    citation module writes it (not a line of the feed's own); ?lang=bg gives
    the Bulgarian one."""
    first, regraded, retracted = history
    items = client.get("/api/v1/feeds/published.json?lang=bg").json()["items"]
    by_kind = {(i["_claimtrace"]["claim"], i["tags"][0]): i["content_text"] for i in items}
    assert by_kind[(first.pk, "published")] == citation_for(first, lang="bg").text
    assert by_kind[(retracted.pk, "retracted")] == citation_for(retracted, lang="bg").text
    earlier = workflow_events(regraded)[-1].review  # the first sign-off's review
    assert by_kind[(regraded.pk, "published")] == (
        citation_for(regraded, lang="bg", review=earlier).text
    )
    assert by_kind[(regraded.pk, "regraded")] == citation_for(regraded, lang="bg").text
    assert by_kind[(regraded.pk, "regraded")] != by_kind[(regraded.pk, "published")]

    atom = ElementTree.fromstring(client.get("/api/v1/feeds/published.atom?lang=bg").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "bg"
    summaries = [e.findtext("a:summary", namespaces=ns) for e in atom.findall("a:entry", ns)]
    assert summaries[0] == by_kind[(retracted.pk, "retracted")]


def workflow_events(claim):
    from verify.models import ClaimEvent

    return list(
        claim.events.filter(action=ClaimEvent.Action.PUBLISH)
        .select_related("review")
        .order_by("-created_at", "-id")
    )


def test_atom_feed(client, history):
    response = client.get("/api/v1/feeds/published.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(titles) == 5
    assert titles[0].startswith("Retracted: ")
    assert titles[2].startswith("Regraded: ")


def test_a_feed_costs_the_same_queries_whatever_its_length(client, reviewer, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim_in_state("published", reviewer=reviewer, editor=editor)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/feeds/published.json")
    for _ in range(5):
        claim_in_state("published", reviewer=reviewer, editor=editor)
    with CaptureQueriesContext(connection) as six:
        client.get("/api/v1/feeds/published.json")
    assert len(six) == len(one)
