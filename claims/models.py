from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.models import Source
from sources.scales import choices_check

# The longest text a claim, a quote or a description may have (the API, the
# admin, imports and ingestion all refuse or cut longer ones).
TEXT_MAX_CHARS = 10_000


class TagKind(models.TextChoices):
    STORY = "story", _("Story")
    TOPIC = "topic", _("Topic")


class Tag(models.Model):
    """Groups claims: a topic, or a story such as "Fall of the Assad regime, Dec 2024"."""

    Kind = TagKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=choices_check("kind", TagKind), name="tag_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchDocument(models.Func):
    """What full-text search reads of a claim: on PostgreSQL both texts as one
    tsvector, the original in its language's configuration (PostgreSQL has no
    Bulgarian one: 'simple') weighted A, the English rendering B, and the
    original's lemmas (claims.lemmas: Bulgarian, Ukrainian, Russian word
    forms) C; on SQLite (the quick start) the two texts, for a plain
    substring match (the lemmas are matched beside them)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra):
        return "coalesce(text, '') || ' ' || coalesce(text_en, '')", []

    def as_postgresql(self, compiler, connection, **extra):
        return (
            "setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig "
            "ELSE 'simple'::regconfig END, coalesce(text, '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(text_en, '')), 'B') || "
            "setweight(to_tsvector('simple'::regconfig, coalesce(lemmas, '')), 'C')",
            [],
        )


# "Public": a claim that has been published — once published, it stays on
# the public record, retracted or under re-review included. The one rule:
# `Claim.objects.ever_public()`, `claim.has_been_public`, `EVER_PUBLIC` (a Q
# on the claim's own fields) and `ever_public_sql()` for the SQL that writes
# items.
EVER_PUBLIC = Q(published_at__isnull=False)


def ever_public_sql(published_at_column: str) -> str:
    """The same rule in SQL, on the claim's `published_at` column."""
    return f"({published_at_column} IS NOT NULL)"


class ClaimQuerySet(models.QuerySet):
    def ever_public(self):
        """The claims that have been public (EVER_PUBLIC)."""
        return self.filter(EVER_PUBLIC)


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):
    def get_queryset(self):
        # The search document is read by the database's index, never by Python.
        return super().get_queryset().defer("search_vector")


class SearchWord(models.Model):
    """The search vocabulary: every word of every claim, lower-cased and
    unstemmed, kept by a PostgreSQL trigger (migration 0006) with a trigram
    index, so a misspelt query word is corrected to the nearest known one
    (claims.selectors.search.search_corrected). PostgreSQL only; read, never written
    from Python."""

    word = models.TextField(_("word"), primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        managed = False
        db_table = "claims_searchword"

    def __str__(self) -> str:
        return self.word


class ClaimStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Awaiting sign-off")
    PUBLISHED = "published", _("Published")
    REOPENED = "reopened", _("Reopened")
    RETRACTED = "retracted", _("Retracted")


class Claim(models.Model):
    """One checkable assertion, in the words and language it reached us in."""

    Status = ClaimStatus

    text = models.TextField(_("text"), help_text=_("The claim in its original language."))
    language = models.CharField(
        _("language"), max_length=16, help_text=_("BCP 47 code of the original text, e.g. bg.")
    )
    text_en = models.TextField(blank=True, verbose_name=_("English rendering"))
    # The original's lemmas (claims.lemmas.text_lemmas), written with the text
    # by claims.services; read by search only.
    lemmas = models.TextField(_("lemmas"), blank=True, default="", db_default="", editable=False)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)
    # Only the workflow services in verify.services change a status.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        editable=False,
        db_index=True,
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # The claim cluster: claims a reviewer confirmed say the same thing, in
    # any language, point at the cluster's first claim (one step, never a
    # chain). Written only by verify.services (link / unlink same claim).
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="same_claims",
        editable=False,
        help_text=_("The first claim of the cluster this claim belongs to."),
        verbose_name=_("same as"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims", verbose_name=_("tags"))
    # Workflow state, written only by verify.services.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_assigned",
        editable=False,
        help_text=_("The reviewer who holds the claim while it is in review."),
        verbose_name=_("assignee"),
    )
    review_round = models.PositiveIntegerField(_("review round"), default=1, editable=False)
    # Bumped by every write; a form or API call that read an older version
    # gets a conflict instead of overwriting someone else's change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set on first publication and never cleared: a claim that has been public
    # stays public (re-review, retraction) so nothing cited silently vanishes.
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False, db_index=True
    )
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True, editable=False)
    retraction_reason = models.TextField(_("retraction reason"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_vector = models.GeneratedField(
        verbose_name=_("search vector"),
        expression=SearchDocument(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ClaimManager()
    history = HistoricalRecords(excluded_fields=["updated_at", "search_vector", "lemmas"])

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-id"]
        # A language with few claims is read by its language alone (its
        # embeddings' mean, claims.matching.centroids.refresh); without it,
        # every new claim in such a language scanned the whole register.
        indexes = [models.Index(fields=["language"], name="claim_language")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(condition=~Q(language=""), name="claim_language_not_empty"),
            models.CheckConstraint(
                condition=choices_check("status", ClaimStatus), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"
            ),
            models.CheckConstraint(condition=~Q(same_as=F("id")), name="claim_not_same_as_itself"),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "retracted"]) | Q(published_at__isnull=False),
                name="claim_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="retracted", retracted_at__isnull=False)
                | (~Q(status="retracted") & Q(retracted_at__isnull=True)),
                name="claim_retracted_has_date",
            ),
        ]

    def __str__(self) -> str:
        text = self.text_en or self.text
        return text if len(text) <= 80 else f"{text[:79]}…"

    @property
    def has_been_public(self) -> bool:
        """Whether this claim has been public (EVER_PUBLIC)."""
        return self.published_at is not None


class Stance(models.TextChoices):
    ASSERTS = "asserts", _("Asserts")
    DENIES = "denies", _("Denies")
    QUESTIONS = "questions", _("Questions")
    REPORTS_RUMOUR = "reports_rumour", _("Reports as rumour")


# The stances that stand behind a claim: an origin asserting it or reporting
# it as a rumour supports it; one that questions or denies it does not. The
# confidence engine weighs these, the citation line counts them.
SUPPORTING_STANCES = frozenset({Stance.ASSERTS, Stance.REPORTS_RUMOUR})


class Attribution(models.Model):
    """An appearance: source S stated or relayed claim C.

    `via` is the attribution this one relays; following `via` to its end
    gives the origin. The chain never loops (a database trigger refuses it)
    and never leaves its claim.
    """

    Stance = Stance

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="attributions", verbose_name=_("source")
    )
    via = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relays",
        help_text=_("The attribution this source relays (whom it cites)."),
        verbose_name=_("via"),
    )
    stance = models.CharField(
        _("stance"), max_length=16, choices=Stance.choices, default=Stance.ASSERTS
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The source's words, in the original.")
    )
    # "a source in the ministry", "джерела в ГУР": an unnamed person of the
    # source's organisation spoke, not the organisation; shown as such
    unnamed = models.BooleanField(
        _("unnamed"),
        default=False,
        db_default=False,  # rows written in bulk (imports, the bench's COPY) are named
        help_text=_("An unnamed source in this organisation spoke, not the organisation."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("stance", Stance), name="attribution_stance_valid"
            ),
            models.CheckConstraint(condition=~Q(via=F("id")), name="attribution_not_via_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_stance_display().lower()}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    GEOLOCATION = "geolocation", _("Geolocation")
    ARCHIVED_PAGE = "archived_page", _("Archived page")
    OTHER = "other", _("Other")


class EvidenceRelation(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    REFUTES = "refutes", _("Refutes")
    CONTEXT = "context", _("Context only")


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ARCHIVED = "archived", _("Archived")
    # Fetched, but what came back is an application shell, not the post.
    JS_SHELL = "js_shell", _("JavaScript shell: needs a browser capture")
    FAILED = "failed", _("Failed")


class Evidence(models.Model):
    """A photo, video, document, geolocation or archived page for or against a claim."""

    Kind = EvidenceKind

    Relation = EvidenceRelation

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    relation = models.CharField(_("relation"), max_length=8, choices=Relation.choices)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The archived copy of `url` (a WARC file), made by a background task.
    archive_status = models.CharField(
        _("archive status"),
        max_length=10,
        choices=ArchiveStatus.choices,
        blank=True,
        editable=False,
    )
    archive_file = models.FileField(
        _("archive file"), upload_to="warc/%Y/%m/", blank=True, editable=False
    )
    archive_sha256 = models.CharField(
        _("archive sha256"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the fetched body."),
    )
    archive_http_status = models.PositiveIntegerField(
        _("archive http status"), null=True, blank=True, editable=False
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archive_error = models.TextField(_("archive error"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("kind", EvidenceKind), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("relation", EvidenceRelation),
                name="evidence_relation_valid",
            ),
            models.CheckConstraint(
                condition=~Q(url="", description=""),
                name="evidence_has_url_or_description",
                violation_error_message=_("Evidence needs a URL or a description."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    # NULL compares to nothing, so "both given" must be explicit.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="evidence_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (−90…90) and longitude (−180…180), or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_relation_display().lower()})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DROPPED = "dropped", _("Dropped")


class IngestionJob(models.Model):
    """An article pasted or fetched for a first pass: the background job
    finds candidate claims in it, for a person to accept, edit or drop."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Plain text")
        HTML = "html", _("HTML")
        URL = "url", _("URL")

    Status = JobStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ingestion_jobs",
        verbose_name=_("created by"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    input = models.TextField(_("input"), help_text=_("The text, the HTML, or the URL."))
    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        help_text=_("The article's address: where its claims were read."),
    )
    publisher = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The outlet that published the article; it relays what it quotes."),
        verbose_name=_("publisher"),
    )
    author_name = models.CharField(
        _("author"),
        max_length=200,
        blank=True,
        help_text=_(
            "Whose post the text is (a channel, or the one it forwarded): its statements "
            "without a source of their own are theirs."
        ),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    language = models.CharField(_("language"), max_length=16, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ingestion job")
        verbose_name_plural = _("ingestion jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("status", JobStatus), name="job_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent"),
        ]

    def __str__(self) -> str:
        return _("Ingestion %(number)s (%(status)s)") % {
            "number": self.pk,
            "status": self.get_status_display().lower(),
        }


class Candidate(models.Model):
    """A claim the ingestion found, waiting for a person. `attributions` is
    the proposed chain: [{"name", "source" (id or null: proposed as new),
    "stance", "via" (index or null), "quote"}]."""

    Status = CandidateStatus

    job = models.ForeignKey(
        IngestionJob, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("job")
    )
    position = models.PositiveIntegerField(_("position"))
    sentence = models.TextField(_("sentence"), help_text=_("The sentence it came from."))
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=16)
    hedges = models.JSONField(_("hedges"), default=list, blank=True)
    attributions = models.JSONField(_("attributions"), default=list, blank=True)
    cue = models.CharField(
        _("cue"), max_length=40, blank=True, help_text=_("The extraction rule that proposed it.")
    )
    # One candidate per wording, whatever job found it: re-ingesting an
    # article adds nothing.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True, editable=False)
    duplicate_of = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    duplicate_score = models.FloatField(_("duplicate score"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    claim = models.OneToOneField(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
        verbose_name=_("claim"),
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["job", "position"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("status", CandidateStatus), name="candidate_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class ClaimEmbedding(models.Model):
    """A claim's sentence embedding (claims.matching.embeddings): the source
    of truth the vector index is rebuilt from. Written by a task after the
    claim's text changes, never in a request."""

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="embedding",
        verbose_name=_("claim"),
    )
    model = models.CharField(_("model"), max_length=100)
    text_hash = models.CharField(
        _("text hash"), max_length=64, help_text=_("Model and text it was made from.")
    )
    vector = models.BinaryField(_("vector"), help_text=_("float32, L2-normalised."))
    terms = models.BinaryField(
        _("terms"),
        default=b"",
        blank=True,
        help_text=_("Latent terms of the model's sparse head, packed."),
    )
    # False until the on-disk index holds it; lookups scan these exactly.
    indexed = models.BooleanField(_("indexed"), default=False, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("claim embedding")
        verbose_name_plural = _("claim embeddings")
        # The rows not in the index file yet, read by every similar lookup:
        # a small index of its own, so the planner never scans the whole
        # table (1.4 s a lookup at 1 M while a rebuild's marks were unanalysed).
        indexes = [
            models.Index(fields=["model"], condition=Q(indexed=False), name="embedding_pending")
        ]

    def __str__(self) -> str:
        return _("embedding of claim %(number)s") % {"number": self.claim_id}


class EmbeddingCentroid(models.Model):
    """The mean embedding of one language's claims under one model: the
    corpus statistics the hybrid score centers vectors with
    (claims.matching.centroids)."""

    model = models.CharField(_("model"), max_length=100)
    language = models.CharField(_("language"), max_length=16)
    count = models.PositiveIntegerField(_("count"))
    vector = models.BinaryField(_("vector"), help_text=_("float32 mean, not normalised."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("embedding centroid")
        verbose_name_plural = _("embedding centroids")
        constraints = [
            models.UniqueConstraint(fields=["model", "language"], name="centroid_model_language")
        ]

    def __str__(self) -> str:
        return f"{self.language} mean of {self.count} ({self.model})"


# How often a watch may be read: at most every minute, at least weekly (seconds).
WATCH_MIN_INTERVAL, WATCH_MAX_INTERVAL = 60, 7 * 24 * 3600


class WatchKind(models.TextChoices):
    FEED = "feed", _("RSS or Atom feed")
    TELEGRAM = "telegram", _("Telegram channel (public preview)")
    EXPORT = "export", _("Telegram export (imported once)")


class Watch(models.Model):
    """A feed or channel the desk follows, tied to the registered source that
    publishes it: each new item becomes an ingestion job with that source as
    publisher (claims/services/watches.py; docs/monitoring.md)."""

    Kind = WatchKind

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="watches", verbose_name=_("source")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(
        _("URL"), max_length=2000, help_text=_("The feed, or the channel's t.me/s/ page.")
    )
    interval = models.PositiveIntegerField(
        _("interval (seconds)"),
        default=900,
        validators=[MinValueValidator(WATCH_MIN_INTERVAL), MaxValueValidator(WATCH_MAX_INTERVAL)],
        help_text=_("How often it is read: at least every minute, at most weekly."),
    )
    paused = models.BooleanField(_("paused"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="watches",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # conditional GET: what the server said last time
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next read"), null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last read without error"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    items_seen = models.PositiveIntegerField(_("items seen"), default=0)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["source__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("kind", WatchKind), name="watch_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(interval__gte=WATCH_MIN_INTERVAL), name="watch_interval_minute"
            ),
            models.UniqueConstraint(fields=["kind", "url"], name="watch_once_per_url"),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.url}"


class WatchItem(models.Model):
    """One item of a watch (a feed entry, a channel post), once: by its id in
    the watch; an edit is a new version of the same item; the same URL or
    text seen first elsewhere is a repeat of that item (`duplicate_of`),
    counted for the spread but not read again."""

    watch = models.ForeignKey(
        Watch, on_delete=models.CASCADE, related_name="items", verbose_name=_("watch")
    )
    external_id = models.CharField(_("id in the feed"), max_length=500)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    forwarded_from = models.CharField(_("forwarded from"), max_length=200, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    job = models.ForeignKey(
        IngestionJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_items",
        verbose_name=_("ingestion job"),
    )
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("watch item")
        verbose_name_plural = _("watch items")
        ordering = ["-first_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["watch", "external_id"], name="watch_item_once"),
        ]
        indexes = [models.Index(fields=["url"], name="watch_item_url")]

    def __str__(self) -> str:
        return self.title or (self.text if len(self.text) <= 80 else f"{self.text[:79]}…")
