"""Filters of the claim list (django-filter); every value is checked, and a
bad one is a 400 naming the parameter."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from claims.models import Attribution, Claim
from sources.scales import VERDICT_WORDS, Credibility, Likelihood, Reliability
from verify.models import PublicRecord, PublicRecordSource


class IdFilter(django_filters.NumberFilter):
    """A whole number in the database's range (a bigint): anything else is
    a 400 naming the parameter, before a query is written."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    verdict = django_filters.MultipleChoiceFilter(
        choices=[(word, word) for word in VERDICT_WORDS], method="filter_verdict"
    )
    credibility = django_filters.MultipleChoiceFilter(
        choices=Credibility.choices, field_name="verdict_credibility"
    )
    likelihood = django_filters.MultipleChoiceFilter(
        choices=Likelihood.choices, field_name="verdict_likelihood"
    )
    source = IdFilter(method="filter_source", help_text="A source id.")
    source_grade = django_filters.MultipleChoiceFilter(
        choices=Reliability.choices, method="filter_source_grade"
    )
    origin_count = IdFilter(method="filter_origin_count")
    origin_count_min = IdFilter(method="filter_origin_count_min")
    origin_count_max = IdFilter(method="filter_origin_count_max")
    tag = django_filters.CharFilter(method="filter_tag", help_text="A tag or story slug.")
    language = django_filters.CharFilter()
    event_date_after = django_filters.DateFilter(field_name="event_date", lookup_expr="gte")
    event_date_before = django_filters.DateFilter(field_name="event_date", lookup_expr="lte")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte"
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    public_status = django_filters.ChoiceFilter(
        choices=[(s, s) for s in ("published", "retracted", "under_re_review")],
        method="filter_public_status",
        help_text="retracted: the retractions; published: current verdicts only.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(self, *args, public: bool = False, **kwargs):
        # The public filters what it is shown: the signed record's sources and
        # figures, not the desk's unsigned material.
        self.public = public
        super().__init__(*args, **kwargs)

    def filter_queryset(self, queryset):
        if self.public and "status" in self.form.cleaned_data:
            self.form.cleaned_data.pop("status")  # the workflow is the desk's business
        return super().filter_queryset(queryset)

    def filter_verdict(self, queryset, name, value):
        # A verdict names what stands now: a retraction withdrew it.
        return queryset.filter(verdict_credibility__in=[VERDICT_WORDS[v] for v in value]).exclude(
            status=Claim.Status.RETRACTED
        )

    def filter_public_status(self, queryset, name, value):
        published = queryset.ever_public()
        if value == "under_re_review":
            return published.exclude(status__in=[Claim.Status.PUBLISHED, Claim.Status.RETRACTED])
        return published.filter(status=value)

    def _signed_sources(self, **lookups):
        return PublicRecordSource.objects.filter(
            record__claim=OuterRef("pk"), record__is_current=True, **lookups
        )

    def filter_source(self, queryset, name, value):
        if self.public:
            return queryset.filter(Exists(self._signed_sources(source_id=value)))
        cited = Attribution.objects.filter(claim=OuterRef("pk"), source_id=value)
        return queryset.filter(Exists(cited))

    def filter_source_grade(self, queryset, name, value):
        if self.public:
            return queryset.filter(Exists(self._signed_sources(reliability__in=value)))
        cited = Attribution.objects.filter(claim=OuterRef("pk"), source__reliability__in=value)
        return queryset.filter(Exists(cited))

    def filter_origin_count_min(self, queryset, name, value):
        return self.filter_origin_count(queryset, name, value, "gte")

    def filter_origin_count_max(self, queryset, name, value):
        return self.filter_origin_count(queryset, name, value, "lte")

    def filter_origin_count(self, queryset, name, value, lookup="exact"):
        if self.public:
            signed = PublicRecord.objects.filter(
                claim=OuterRef("pk"), is_current=True, **{f"origin_count__{lookup}": value}
            )
            return queryset.filter(Exists(signed))
        return queryset.filter(**{f"suggestion__origin_count__{lookup}": value})

    def filter_tag(self, queryset, name, value):
        if self.public:
            return signed_with_tag(queryset, value)
        tagged = Claim.tags.through.objects.filter(claim=OuterRef("pk"), tag__slug=value)
        return queryset.filter(Exists(tagged))


def signed_with_tag(queryset: QuerySet[Claim], slug: str) -> QuerySet[Claim]:
    """Claims whose current record carries this tag: the public filters by
    the tags signed, not by a tag the desk added since."""
    claims = connection.ops.quote_name(Claim._meta.db_table)
    records = connection.ops.quote_name(PublicRecord._meta.db_table)
    if connection.vendor == "postgresql":
        held = "r.item -> 'tags' @> jsonb_build_array(%s::text)"
        sql = f"""EXISTS (SELECT 1 FROM {records} r
                  WHERE r.claim_id = {claims}.id AND r.is_current AND {held})"""
    else:
        sql = f"""EXISTS (SELECT 1 FROM {records} r, json_each(r.item, '$.tags') t
                  WHERE r.claim_id = {claims}.id AND r.is_current AND t.value = %s)"""
    return queryset.extra(where=[sql], params=[slug])
