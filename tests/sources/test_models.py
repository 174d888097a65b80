"""Database rules on the source register hold even when code bypasses the services."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from sources.models import ReliabilityRating, Source, SourceAlias
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "blogger"), ("platform", "myspace"), ("reliability", "H"), ("name", "")],
)
def test_columns_outside_their_choices_are_refused_by_the_database(field, value):
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**{field: value})


def test_a_source_cannot_be_its_own_parent():
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(parent=source)


def test_handle_is_unique_per_platform_whatever_the_case():
    SourceFactory(platform="x", handle="@ClashReport")
    SourceFactory(platform="telegram", handle="@clashreport")  # another platform: fine
    SourceFactory(platform="x", handle="")
    SourceFactory(platform="x", handle="")  # blank handles never collide
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(platform="x", handle="@clashreport")


def test_an_alias_is_stored_once_per_source():
    source = SourceFactory()
    SourceAlias.objects.create(source=source, name="Рибар", normalized="рибар")
    other = SourceFactory()
    SourceAlias.objects.create(source=other, name="Рибар", normalized="рибар")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceAlias.objects.create(source=source, name="РИБАР", normalized="рибар")


def test_a_rating_needs_a_rationale_and_a_grade_on_the_scale():
    source, user = SourceFactory(), UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReliabilityRating.objects.create(source=source, grade="B", rationale="", rated_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReliabilityRating.objects.create(source=source, grade="Z", rationale="x", rated_by=user)


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_ratings_are_never_changed_or_deleted(operation):
    rating = ReliabilityRating.objects.create(
        source=SourceFactory(), grade="B", rationale="Track record.", rated_by=UserFactory()
    )
    rows = ReliabilityRating.objects.filter(pk=rating.pk)
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        rows.update(grade="A") if operation == "update" else rows.delete()
    assert "never changed or deleted" in str(caught.value)
    assert ReliabilityRating.objects.get(pk=rating.pk).grade == "B"
