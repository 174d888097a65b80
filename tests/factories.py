import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Attribution, Claim, Evidence, Tag
from sources.models import Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    is_staff = True
    password = factory.django.Password("pass-for-tests")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(Group.objects.get(name=extracted))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.CHANNEL
    platform = Source.Platform.TELEGRAM


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Бунтовниците превзеха град {n}.")
    language = "bg"
    text_en = factory.Sequence(lambda n: f"Rebels captured town {n}.")


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Attribution.Stance.ASSERTS


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    kind = Evidence.Kind.VIDEO
    relation = Evidence.Relation.SUPPORTS
    url = factory.Sequence(lambda n: f"https://example.org/video/{n}")


def claim_in_state(state: str, *, reviewer, editor, holder=None, claim=None):
    """A claim brought to `state` through the real workflow services.

    States: new, in_review (held by `holder`, default the reviewer),
    awaiting_sign_off, published, reopened (never published),
    reopened_after_publication, retracted.
    """
    from verify.workflow import services as workflow

    claim = claim or ClaimFactory()
    if state == "new":
        return claim
    workflow.claim_take(claim=claim, actor=holder or reviewer)
    if state == "in_review":
        return _fresh(claim)
    workflow.review_submit(
        claim=claim,
        actor=holder or reviewer,
        credibility="3",
        likelihood="roughly_even",
        confidence="low",
        source_reliability="C",
        rationale="Single origin, no imagery.",
    )
    if state == "awaiting_sign_off":
        return _fresh(claim)
    if state == "reopened":
        workflow.claim_reopen(claim=claim, actor=editor, reason="Needs a second source.")
        return _fresh(claim)
    workflow.claim_publish(claim=claim, actor=editor)
    if state == "reopened_after_publication":
        workflow.claim_reopen(claim=claim, actor=editor, reason="New footage.")
    elif state == "retracted":
        workflow.claim_retract(claim=claim, actor=editor, reason="Footage misdated.")
    return _fresh(claim)


def _fresh(claim):
    claim.refresh_from_db()
    return claim


def published(claim=None, *, reviewer=None, editor=None):
    """A claim published through the real workflow (a review, another
    person's sign-off), so its public record is stored as the desk's would
    be; the reviewer and editor are made when not given."""
    from verify import roles

    reviewer = reviewer or UserFactory(role=roles.REVIEWER)
    editor = editor or UserFactory(role=roles.EDITOR)
    return claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    """A subscription written as a row (the service checks the URL's address;
    these tests only read what was queued)."""

    class Meta:
        model = "verify.WebhookSubscription"

    name = "CMS"
    url = "https://cms.example.org/hooks/claimtrace"
    events = factory.LazyFunction(lambda: ["claim.published"])
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    owner = factory.SubFactory(UserFactory)


# --- watches (tests/claims/test_watches.py, tests/verify/test_spreading.py) ---


def watched_outlet(name: str, reviewer):
    """A registered outlet and a watch of its feed."""
    from claims.models import Watch
    from sources.services import source_create

    source = source_create(name=name, kind=Source.Kind.NEWS_OUTLET)
    return Watch.objects.create(
        source=source, kind="feed", url=f"https://{name.lower().replace(' ', '')}.example/rss",
        created_by=reviewer,
    )  # fmt: skip


def watched_item(watch, n, text, language, *, claim=None, minutes_ago=30, reviewer=None):
    """An item of `watch` whose ingestion found one candidate, matched to
    `claim` (as ingestion's same-claim match does) or not."""
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Candidate, IngestionJob, WatchItem

    job = IngestionJob.objects.create(
        created_by=reviewer, kind="text", input=text, publisher=watch.source, status="done"
    )
    Candidate.objects.create(
        job=job, position=0, sentence=text, text=text, language=language,
        attributions=[{"name": "Port Authority", "source": None, "stance": "asserts", "via": None}],
        fingerprint=f"fp-{watch.pk}-{n}", duplicate_of=claim,
    )  # fmt: skip
    item = WatchItem.objects.create(
        watch=watch, external_id=str(n), url=f"{watch.url}/{n}", content_hash=f"h{watch.pk}{n}",
        text=text, job=job, published_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    return item
