"""Filters of the claim list (django-filter); every value is checked, and a
bad one is a 400 naming the parameter."""

import django_filters
from django.db.models import Exists, OuterRef

from claims.models import Attribution, Claim
from sources.scales import VERDICT_WORDS, Credibility, Likelihood, Reliability


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
    source = django_filters.NumberFilter(method="filter_source", help_text="A source id.")
    source_grade = django_filters.MultipleChoiceFilter(
        choices=Reliability.choices, method="filter_source_grade"
    )
    origin_count = django_filters.NumberFilter(field_name="suggestion__origin_count")
    origin_count_min = django_filters.NumberFilter(
        field_name="suggestion__origin_count", lookup_expr="gte"
    )
    origin_count_max = django_filters.NumberFilter(
        field_name="suggestion__origin_count", lookup_expr="lte"
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text="A tag or story slug.")
    language = django_filters.CharFilter()
    event_date_after = django_filters.DateFilter(field_name="event_date", lookup_expr="gte")
    event_date_before = django_filters.DateFilter(field_name="event_date", lookup_expr="lte")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte"
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_verdict(self, queryset, name, value):
        return queryset.filter(verdict_credibility__in=[VERDICT_WORDS[v] for v in value])

    def filter_source(self, queryset, name, value):
        cited = Attribution.objects.filter(claim=OuterRef("pk"), source_id=value)
        return queryset.filter(Exists(cited))

    def filter_source_grade(self, queryset, name, value):
        cited = Attribution.objects.filter(claim=OuterRef("pk"), source__reliability__in=value)
        return queryset.filter(Exists(cited))

    def filter_tag(self, queryset, name, value):
        tagged = Claim.tags.through.objects.filter(claim=OuterRef("pk"), tag__slug=value)
        return queryset.filter(Exists(tagged))
