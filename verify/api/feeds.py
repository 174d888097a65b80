"""Feeds of newly published, regraded and retracted claims: JSON Feed 1.1
and Atom."""

from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import conditional_page

from verify.publishing.citation import LANGUAGES
from verify.publishing.record import citation_public
from verify.selectors import feed_events

TITLE = "Claimtrace: published, regraded and retracted claims"
HEADLINE = {
    "published": "Published",
    "regraded": "Regraded",
    "updated": "Updated",
    "retracted": "Retracted",
}


def _lang(request) -> str:
    lang = request.GET.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def _item_title(event) -> str:
    return f"{HEADLINE[event.kind]}: {event.claim}"


def _item_text(event, lang: str) -> str:
    """The citation line an editor would paste: as the sign-off this item
    announces stored it, or, for a retraction, the retraction and the
    earlier verdict. An item's text does not change after it was posted,
    but for the retraction line leading a retracted claim's."""
    return citation_public(event.claim, event.record, lang=lang).text


# Feed readers poll: an unchanged feed answers 304 to its ETag (If-None-Match).
@conditional_page
def json_feed(request):
    page = request.build_absolute_uri
    lang = _lang(request)
    items = [
        {
            "id": f"claimtrace:event:{event.pk}",
            "url": page(reverse("claim-page", args=[event.claim_id])),
            "title": _item_title(event),
            "content_text": _item_text(event, lang),
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
            "language": lang,
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

    def get_object(self, request, *args, **kwargs):
        return _lang(request)  # the language the items' citation lines are in

    def link(self):
        return reverse("feed-atom")

    def get_feed(self, lang, request):
        with translation.override(lang):  # the feed's declared language
            return super().get_feed(lang, request)

    def items(self, lang):
        events = feed_events()
        for event in events:
            event.lang = lang
        return events

    def item_title(self, event):
        return _item_title(event)

    def item_description(self, event):
        return _item_text(event, event.lang)

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
