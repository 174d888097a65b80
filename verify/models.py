import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimStatus, Evidence
from sources.scales import (
    AnalyticConfidence,
    Credibility,
    Likelihood,
    Reliability,
    choices_check,
    combined_grade,
)

# A submitted review: drafts stay private to their author and never count.
SUBMITTED = Q(submitted_at__isnull=False)


class ClaimEventQuerySet(models.QuerySet):
    def sign_offs(self):
        """Sign-offs, latest first: the first is the one the public verdict
        rests on (its review is "the published review"). The one definition;
        the list item's SQL is compiled from it (verify/items_sql.py)."""
        return self.filter(action=ClaimEvent.Action.PUBLISH).order_by("-created_at", "-id")

    def with_regrade(self):
        """Each event annotated `regrade`: whether the claim had been signed
        off before it. A sign-off that is a regrade changes a public verdict
        (the feed's "regraded", the webhook's `claim.regraded`)."""
        earlier = ClaimEvent.objects.sign_offs().filter(
            claim=models.OuterRef("claim"), id__lt=models.OuterRef("id")
        )
        return self.annotate(regrade=models.Exists(earlier))


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        """Submitted reviews, latest first."""
        return self.filter(SUBMITTED).order_by("-submitted_at", "-id")

    def visible_to(self, user):
        """What a desk member may read: every submitted review, and their own
        drafts."""
        return self.filter(SUBMITTED | Q(reviewer=user))


class Review(models.Model):
    """One reviewer's assessment of a claim.

    A submitted review is never changed (a database trigger refuses it); a new
    review supersedes it. `round` counts review rounds: reopening a claim
    starts a new one, and only the current round's reviews count for sign-off.
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("claim")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    round = models.PositiveIntegerField(_("round"), default=1, editable=False)
    credibility = models.CharField(_("credibility"), max_length=8, choices=Credibility.choices)
    likelihood = models.CharField(
        _("likelihood"), max_length=20, choices=Likelihood.choices, blank=True
    )
    confidence = models.CharField(
        max_length=8, choices=AnalyticConfidence.choices, verbose_name=_("analytic confidence")
    )
    source_reliability = models.CharField(
        _("source reliability"),
        max_length=1,
        choices=Reliability.choices,
        blank=True,
        help_text=_("The reviewer's grade of the origin's reliability, for the combined grade."),
    )
    rationale = models.TextField(_("rationale"))
    evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="reviews", verbose_name=_("evidence")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, editable=False, db_index=True
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("credibility", Credibility), name="review_credibility_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("likelihood", Likelihood, blank=True),
                name="review_likelihood_valid",
            ),
            models.CheckConstraint(
                condition=choices_check("confidence", AnalyticConfidence),
                name="review_confidence_valid",
            ),
            models.CheckConstraint(
                condition=choices_check("source_reliability", Reliability, blank=True),
                name="review_source_reliability_valid",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="review_rationale_not_empty"),
            # One draft per reviewer per claim: "save draft" updates it.
            models.UniqueConstraint(
                fields=["claim", "reviewer"],
                condition=Q(submitted_at__isnull=True),
                name="review_one_draft_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        words = (
            _("Review of claim %(number)s by %(reviewer)s (submitted)")
            if self.submitted_at
            else _("Review of claim %(number)s by %(reviewer)s (draft)")
        )
        return words % {"number": self.claim_id, "reviewer": self.reviewer}

    @property
    def grade(self) -> str:
        return combined_grade(self.source_reliability, self.credibility)


class EventAction(models.TextChoices):
    TAKE = "take", _("Took for review")
    ASSIGN = "assign", _("Assigned")
    RELEASE = "release", _("Released")
    SUBMIT_REVIEW = "submit_review", _("Submitted a review")
    PUBLISH = "publish", _("Signed off and published")
    REOPEN = "reopen", _("Reopened")
    RETRACT = "retract", _("Retracted")
    MARK_DUPLICATE = "mark_duplicate", _("Marked as a duplicate")
    LINK_SAME = "link_same", _("Linked as the same claim")
    UNLINK_SAME = "unlink_same", _("Unlinked from the same claim")
    CHANGE = "change", _("Changed after publication")
    SIGN_UPDATE = "sign_update", _("Signed off an update of the public record")


# A published claim's public record is stored by these events (verify.publishing.record).
SIGNING_ACTIONS = (EventAction.PUBLISH, EventAction.SIGN_UPDATE)
# Events that may change what a published claim's public record would be;
# after the last signing they put the claim in the editors' queue.
CHANGING_ACTIONS = (EventAction.CHANGE, EventAction.LINK_SAME, EventAction.UNLINK_SAME)


class ClaimEvent(models.Model):
    """One row per workflow transition: who, when, from, to and why.

    Rows are appended, never changed (a database trigger refuses it).
    """

    Action = EventAction

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="events", verbose_name=_("claim")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=Claim.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Claim.Status.choices)
    # Empty only for a change the system made (an import, ingestion).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claim_events",
        verbose_name=_("actor"),
    )
    reason = models.TextField(_("reason"), blank=True)
    # The review a sign-off rests on, or the review a submission filed.
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("review"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who holds the claim after an assignment."),
        verbose_name=_("assignee"),
    )
    duplicate_of = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The claim this one was merged into."),
        verbose_name=_("duplicate of"),
    )
    same_as = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The cluster's first claim: the one joined, or the one left."),
        verbose_name=_("same as"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["created_at", "id"]
        permissions = [
            ("publish_claim", "Can sign off and publish claims"),
            ("reopen_claim", "Can reopen claims"),
            ("retract_claim", "Can retract published claims"),
            ("assign_claim", "Can assign claims to reviewers"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("action", EventAction), name="event_action_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("from_status", ClaimStatus), name="event_from_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("to_status", ClaimStatus), name="event_to_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()}: "
            f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        )


class Suggestion(models.Model):
    """The confidence engine's latest suggestion for a claim, with its reasons.

    Written only by verify.services.claim_suggestion_recompute (through the Celery
    task), recomputed whenever an attribution, evidence, source grade or
    review behind it changes. The reviewer's grade, not this, is published.
    """

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="suggestion",
        verbose_name=_("claim"),
    )
    credibility = models.CharField(_("credibility"), max_length=8, choices=Credibility.choices)
    likelihood = models.CharField(
        _("likelihood"), max_length=20, choices=Likelihood.choices, blank=True
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        null=True,
        blank=True,
        help_text=_("0–100; empty when nothing known gives a number."),
    )
    analytic_confidence = models.CharField(
        _("analytic confidence"), max_length=8, choices=AnalyticConfidence.choices
    )
    origin_count = models.PositiveIntegerField(_("origin count"), db_index=True)
    asserting_count = models.PositiveIntegerField(_("asserting count"))
    denying_count = models.PositiveIntegerField(_("denying count"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=choices_check("credibility", Credibility),
                name="suggestion_credibility_valid",
            ),
            models.CheckConstraint(
                condition=choices_check("likelihood", Likelihood, blank=True),
                name="suggestion_likelihood_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=100),
                name="suggestion_confidence_0_100",
            ),
        ]

    def __str__(self) -> str:
        return _("Suggestion for claim %(number)s: %(credibility)s") % {
            "number": self.claim_id,
            "credibility": self.credibility,
        }


class SuggestionRequest(models.Model):
    """Outbox for suggestion recomputes: written in the transaction that
    changed a claim's inputs, removed by the recompute. If the broker was
    down when the change committed, the beat sweep queues it later."""

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("claim"),
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)

    class Meta:
        verbose_name = _("suggestion request")
        verbose_name_plural = _("suggestion requests")

    def __str__(self) -> str:
        return _("Recompute the suggestion for claim %(number)s") % {"number": self.claim_id}


class ApiToken(models.Model):
    """A REST client's token. Only the SHA-256 of the key is stored; the key
    itself is shown once, when the token is made. Revoked tokens stay listed."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"), max_length=8, editable=False, help_text=_("To recognise the key.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_of(key: str) -> str:
        """What is stored of a key, and looked up when one is presented."""
        return hashlib.sha256(key.encode()).hexdigest()


class PublicRecord(models.Model):
    """What the public sees of a claim, stored whole when an editor signs it
    off: the API item, origins with the grades they had then, the chains as
    drawn, the citation lines in every language, ClaimReview and the STIX
    objects. Every public surface reads the current version and nothing
    else (verify.publishing.record); a later change waits for an editor's
    sign-off, which stores the next version (the corrections log). Rows are
    never changed but for `is_current` moving to the next version."""

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="public_records", verbose_name=_("claim")
    )
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("is current"), default=True)
    event = models.OneToOneField(
        ClaimEvent,
        on_delete=models.PROTECT,
        related_name="public_record",
        help_text=_("The sign-off that stored it."),
        verbose_name=_("event"),
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="+", verbose_name=_("review")
    )
    signed_at = models.DateTimeField(_("signed at"))
    change = models.TextField(
        _("change"), blank=True, help_text=_("What changed since the previous version.")
    )
    # Copied out of `item` for the public list's filters.
    credibility = models.CharField(_("credibility"), max_length=8, choices=Credibility.choices)
    likelihood = models.CharField(
        _("likelihood"), max_length=20, choices=Likelihood.choices, blank=True
    )
    origin_count = models.PositiveIntegerField(_("origin count"))
    item = models.JSONField(_("item"), help_text=_("The claim's API item as signed."))
    page = models.JSONField(
        _("page"),
        help_text=_(
            "Origins, same claims, chains, citation lines, ClaimReview and STIX as signed."
        ),
    )

    class Meta:
        verbose_name = _("public record")
        verbose_name_plural = _("public records")
        ordering = ["claim", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="record_version_unique"),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_current=True), name="record_one_current"
            ),
        ]

    def __str__(self) -> str:
        return _("Public record of claim %(number)s, version %(version)s") % {
            "number": self.claim_id,
            "version": self.version,
        }


class PublicRecordSource(models.Model):
    """A source a public record names, with the grade it had at signing:
    what the public `source` filter reads, and how the editors' queue finds
    records whose sources were regraded since."""

    record = models.ForeignKey(
        PublicRecord, on_delete=models.CASCADE, related_name="sources", verbose_name=_("record")
    )
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, blank=True
    )

    class Meta:
        verbose_name = _("public record source")
        verbose_name_plural = _("public record sources")
        constraints = [
            models.UniqueConstraint(fields=["record", "source"], name="record_source_unique"),
        ]

    def __str__(self) -> str:
        return _("%(source)s graded %(grade)s in %(record)s") % {
            "source": self.source_id,
            "grade": self.reliability or "?",
            "record": self.record,
        }


class WebhookEvent(models.TextChoices):
    PUBLISHED = "claim.published", _("Claim published")
    UPDATED = "claim.updated", _("Published claim's public record updated")
    REGRADED = "claim.regraded", _("Published claim regraded")
    RETRACTED = "claim.retracted", _("Claim retracted")
    SPREADING = "cluster.spreading", _("A cluster of claims passed the desk's spreading threshold")


class WebhookSubscription(models.Model):
    """A system that wants a signed POST when claims are published, regraded
    or retracted."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=2000)
    events = models.JSONField(
        _("events"),
        help_text=_(
            "Any of claim.published, claim.updated, claim.regraded, claim.retracted, "
            "cluster.spreading."
        ),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Standard Webhooks signing secret: whsec_ and base64 of 24 to 64 bytes."),
    )
    is_active = models.BooleanField(_("is active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscriber; written with the transition it reports
    (an outbox), sent by a Celery task, retried with backoff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    delivery_id = models.UUIDField(_("delivery id"), unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.CharField(_("event"), max_length=32, choices=WebhookEvent.choices)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("claim"),
        help_text=_("None for an event about a cluster of candidates no claim holds yet."),
    )
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True, db_index=True
    )
    # A sender's lease while its POST is in flight (no row lock is held then).
    sending_until = models.DateTimeField(_("sending until"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.CheckConstraint(
                condition=choices_check("event", WebhookEvent), name="delivery_event_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_at__isnull=False)
                | (~Q(status="delivered") & Q(delivered_at__isnull=True)),
                name="delivery_delivered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription} ({self.status})"


class UserPreference(models.Model):
    """What a person of the desk chose for themselves: the language of the
    admin and the public pages, remembered across browsers (the switch in
    the header sets it; signing in restores it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


# What the desk may set the threshold to (the model, the service and the API read it).
SPREAD_LIMITS = {"outlets": (1, 1000), "languages": (1, 50), "within_hours": (1, 168)}


class SpreadThreshold(models.Model):
    """The desk's line for "spreading": so many outlets in so many languages
    within so many hours (one row, set in the admin or through the API).
    A cluster that passes it raises `cluster.spreading` and a mark in the
    review queue, once (verify/services/spreading.py)."""

    outlets = models.PositiveSmallIntegerField(
        _("outlets"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(SPREAD_LIMITS["outlets"][1])],
    )
    languages = models.PositiveSmallIntegerField(
        _("languages"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(SPREAD_LIMITS["languages"][1])],
    )
    within_hours = models.PositiveSmallIntegerField(
        _("within hours"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(SPREAD_LIMITS["within_hours"][1])],
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("spreading threshold")
        verbose_name_plural = _("spreading threshold")
        constraints = [
            models.CheckConstraint(condition=Q(outlets__gte=1), name="threshold_outlets_positive"),
            models.CheckConstraint(
                condition=Q(languages__gte=1), name="threshold_languages_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    within_hours__gte=1, within_hours__lte=SPREAD_LIMITS["within_hours"][1]
                ),
                name="threshold_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return _("%(outlets)s outlets in %(languages)s languages within %(hours)s hours") % {
            "outlets": self.outlets,
            "languages": self.languages,
            "hours": self.within_hours,
        }


class SpreadingAlert(models.Model):
    """A cluster that passed the threshold: raised once, with what it had
    then; the review queue marks its claims."""

    cluster = models.CharField(_("cluster"), max_length=40, unique=True)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="spreading_alerts",
        verbose_name=_("claim"),
        help_text=_("The cluster's root claim; none while only candidates hold it."),
    )
    outlets = models.PositiveSmallIntegerField(_("outlets"))
    languages = models.PositiveSmallIntegerField(_("languages"))
    origins = models.PositiveSmallIntegerField(_("independent origins"))
    first_seen_at = models.DateTimeField(_("first seen"))
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)
    threshold = models.CharField(_("threshold"), max_length=200)

    class Meta:
        verbose_name = _("spreading alert")
        verbose_name_plural = _("spreading alerts")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.outlets} / {self.languages}"
