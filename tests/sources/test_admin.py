"""The source register's admin page writes through the sources services."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.admin_forms import change_form_data, messages_of
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_source_and_its_aliases_are_kept_through_the_services(client, source_desk):
    client.force_login(source_desk)
    add = reverse("admin:sources_source_add")
    opened = client.get(add)
    data = change_form_data(
        opened,
        name="Rybar",
        kind="channel",
        platform="telegram",
        handle="rybar",
        **{"aliases-TOTAL_FORMS": "1", "aliases-0-name": "Рибар"},
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rybar = Source.objects.get(name="Rybar")
    assert "Рибар" in rybar.aliases.values_list("name", flat=True)

    change = reverse("admin:sources_source_change", args=[rybar.pk])
    opened = client.get(change)
    names = {
        key: value
        for key, value in change_form_data(opened).items()
        if key.startswith("aliases-") and key.endswith("-name")
    }
    renamed = next(key for key, value in names.items() if value == "Рибар")
    response = client.post(change, change_form_data(opened, **{renamed: "Рыбарь"}))
    assert response.status_code == 302
    assert "Рыбарь" in rybar.aliases.values_list("name", flat=True)
    assert "Рибар" not in rybar.aliases.values_list("name", flat=True)


def test_a_source_cannot_be_its_own_parent_on_the_page(client, source_desk):
    source = SourceFactory(name="HUR")
    client.force_login(source_desk)
    change = reverse("admin:sources_source_change", args=[source.pk])
    opened = client.get(change)
    response = client.post(change, change_form_data(opened, parent=str(source.pk)), follow=True)
    assert response.status_code == 200
    assert any(m.startswith("parent: ") for m in messages_of(response)), messages_of(response)
    source.refresh_from_db()
    assert source.parent is None


def test_the_source_desk_accepts_proposed_sources_from_the_list(client, source_desk):
    proposed = SourceFactory(name="Valley Voice", pending=True)
    client.force_login(source_desk)
    changelist = reverse("admin:sources_source_changelist")
    assert "Valley Voice" in client.get(changelist, {"pending__exact": "1"}).content.decode()
    response = client.post(
        changelist,
        {"action": "accept_proposed", "_selected_action": [proposed.pk]},
        follow=True,
    )
    assert "1 proposed source(s) accepted." in messages_of(response)
    proposed.refresh_from_db()
    assert not proposed.pending
