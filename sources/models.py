from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.scales import Reliability, choices_check


class SourceKind(models.TextChoices):
    INTELLIGENCE_SERVICE = "intelligence_service", _("Intelligence service")
    GOVERNMENT = "government", _("Government or ministry")
    MILITARY = "military", _("Military unit or command")
    PERSON = "person", _("Person")
    NEWS_OUTLET = "news_outlet", _("News outlet")
    CHANNEL = "channel", _("Social media channel or account")
    OSINT_GROUP = "osint_group", _("OSINT group")
    ORGANISATION = "organisation", _("Other organisation")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    TELEGRAM = "telegram", "Telegram"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    VK = "vk", "VK"
    WEBSITE = "website", _("Website")
    BROADCAST = "broadcast", _("TV or radio")
    PRINT = "print", _("Print")
    OTHER = "other", _("Other")


class Source(models.Model):
    """A speaker or publisher: a service, a ministry, a channel, an outlet, a person."""

    Kind = SourceKind

    Platform = Platform

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices, blank=True)
    handle = models.CharField(
        _("handle"),
        max_length=200,
        blank=True,
        help_text=_("Account name on the platform, e.g. @clashreport."),
    )
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use an ISO 3166-1 alpha-2 code, e.g. UA."))],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. UA."),
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=300,
        blank=True,
        help_text=_('E.g. "close to the Russian MoD".'),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The organisation this account or person belongs to."),
        verbose_name=_("parent"),
    )
    description = models.TextField(_("description"), blank=True)
    # The latest ReliabilityRating's grade, kept here for filtering and
    # display; only sources.services.source_grade writes it. Blank: never graded.
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, blank=True, editable=False
    )
    # Proposed by ingestion when a candidate was accepted; the source desk
    # has not accepted it into the register. Never public, and no claim
    # citing it is signed off until it is accepted (sources.selectors).
    pending = models.BooleanField(
        _("pending"),
        default=False,
        db_default=False,  # rows written in bulk (the bench's COPY) are registered
        db_index=True,
        help_text=_("Proposed by ingestion; waits for the source desk. Never public."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
            models.CheckConstraint(
                condition=choices_check("kind", SourceKind), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("platform", Platform, blank=True),
                name="source_platform_valid",
            ),
            models.CheckConstraint(
                condition=choices_check("reliability", Reliability, blank=True),
                name="source_reliability_valid",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="source_not_its_own_parent"),
            models.UniqueConstraint(
                "platform",
                Lower("handle"),
                condition=~Q(handle=""),
                name="source_handle_unique_per_platform",
                violation_error_message=_("Another source has this handle on this platform."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    """Another name for a source, in any script: "Рибар" = "Rybar" = "@rybar"."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("source")
    )
    name = models.CharField(_("name"), max_length=200)
    # Casefolded, NFKC, without "@" and quotes: what matching compares.
    normalized = models.CharField(_("normalized"), max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("source alias")
        verbose_name_plural = _("source aliases")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_not_empty"),
            models.UniqueConstraint(
                fields=["source", "normalized"], name="alias_unique_per_source"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SourceName(models.Model):
    """A source's name in a language other than the register's (its `name`,
    in English): what pages, citation lines and reasons in that language
    say. A small names-by-language table rather than a column per language
    (django-modeltranslation) or a translatable model (django-parler): one
    field is translated, the register's name stays the key every match,
    record and export uses, and a language is added without a migration."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="names", verbose_name=_("source")
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        validators=[RegexValidator(r"^[a-z]{2,3}(-[a-z0-9]+)?$", _("A language code: bg, uk, …"))],
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("name in another language")
        verbose_name_plural = _("names in other languages (the register's name is English)")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["source", "language"], name="one_name_per_language"),
            models.CheckConstraint(condition=~Q(name=""), name="source_other_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.language}]"


class ReliabilityRating(models.Model):
    """One grading of a source: every change of grade is kept with its reason."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("source")
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Reliability.choices)
    rationale = models.TextField(_("rationale"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="source_ratings",
        verbose_name=_("rated by"),
    )
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reliability rating")
        verbose_name_plural = _("reliability ratings")
        ordering = ["-rated_at", "-id"]
        get_latest_by = ["rated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choices_check("grade", Reliability), name="rating_grade_valid"
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="rating_rationale_not_empty"),
        ]

    def __str__(self) -> str:
        return _("%(source)s graded %(grade)s") % {"source": self.source, "grade": self.grade}
