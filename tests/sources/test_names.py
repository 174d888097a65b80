"""A source's name in other languages: one per language, edited by the source
desk in the admin, used by pages, citation lines and reasons in that language."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sources.models import SourceName
from sources.selectors import names_in
from sources.services import source_name_set
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_one_name_per_language_and_a_second_renames():
    source = SourceFactory(name="Rybar")
    source_name_set(source=source, language="bg", name="Рыбар")
    source_name_set(source=source, language="BG ", name=" Рибар ")
    assert list(source.names.values_list("language", "name")) == [("bg", "Рибар")]
    assert names_in("bg") == {"Rybar": "Рибар"}
    assert names_in("en") == {}
    assert names_in("uk") == {}


@pytest.mark.parametrize(("language", "name"), [("bulgarian", "Рибар"), ("bg", "  ")])
def test_a_bad_language_or_an_empty_name_is_refused(language, name):
    with pytest.raises(ValidationError):
        source_name_set(source=SourceFactory(), language=language, name=name)
    assert not SourceName.objects.exists()


def test_the_source_desk_edits_names_in_the_admin(client, source_desk):
    source = SourceFactory(name="Military Informant")
    client.force_login(source_desk)
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = client.get(url).content.decode()
    assert "names-TOTAL_FORMS" in page
    form = {
        "name": source.name,
        "kind": source.kind,
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-language": "bg",
        "names-0-name": "Военен осведомител",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "ratings-TOTAL_FORMS": "0",
        "ratings-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert names_in("bg") == {"Military Informant": "Военен осведомител"}


def test_the_demo_register_has_its_bulgarian_names(demo):
    names = names_in("bg")
    assert names["Rybar"] == "Рибар"
    assert names["Ukrainian military intelligence (HUR)"].endswith("(ГУР)")
