"""Feeds of newly published, regraded and retracted claims: JSON Feed 1.1
and Atom."""

from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils import formats
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import conditional_page

from sources.scales import verdict_label
from verify.selectors import feed_events

TITLE = "Claimtrace: published, regraded and retracted claims"
HEADLINE = {"published": "Published", "regraded": "Regraded", "retracted": "Retracted"}


def _item_title(event) -> str:
    return f"{HEADLINE[event.kind]}: {event.claim}"


def _item_text(event) -> str:
    """The verdict in one line from what the event row already holds (no
    query per item); the full citation is one link away."""
    claim = event.claim
    if event.kind == "retracted":
        when = formats.date_format(claim.retracted_at, "j F Y")
        return f"Retracted {when}: {claim.retraction_reason}"
    review = event.review
    verdict = verdict_label(review.credibility)
    origins = getattr(getattr(claim, "suggestion", None), "origin_count", None)
    count = f"; {origins} independent origin{'s' if origins != 1 else ''}" if origins else ""
    when = formats.date_format(review.submitted_at, "j F Y")
    return f"{verdict} ({review.grade}){count}; reviewed {when}."


# Feed readers poll: an unchanged feed answers 304 to its ETag (If-None-Match).
@conditional_page
def json_feed(request):
    page = request.build_absolute_uri
    items = [
        {
            "id": f"claimtrace:event:{event.pk}",
            "url": page(reverse("claim-page", args=[event.claim_id])),
            "title": _item_title(event),
            "content_text": _item_text(event),
            "date_published": event.created_at.isoformat(),
            "tags": [event.kind],
            "_claimtrace": {"claim": event.claim_id, "event": event.kind},
        }
        for event in feed_events()
    ]
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": TITLE,
            "home_page_url": page("/"),
            "feed_url": page(reverse("feed-json")),
            "items": items,
        },
        content_type="application/feed+json",
        json_dumps_params={"ensure_ascii": False},
    )


@method_decorator(conditional_page, name="__call__")
class AtomFeed(Feed):
    feed_type = Atom1Feed
    title = TITLE
    subtitle = "Verdicts of the Claimtrace desk, as they are published."

    def link(self):
        return reverse("feed-atom")

    def items(self):
        return feed_events()

    def item_title(self, event):
        return _item_title(event)

    def item_description(self, event):
        return _item_text(event)

    def item_link(self, event):
        return reverse("claim-page", args=[event.claim_id])

    def item_guid(self, event):
        return f"claimtrace:event:{event.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.created_at

    def item_categories(self, event):
        return [event.kind]
