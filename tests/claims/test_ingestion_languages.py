"""Each language's module holds every slot the rules read
(claims/ingestion/lang): a language that lacks one fails here, naming it."""

import re

import pytest

from claims.ingestion import lang
from claims.ingestion.lang.morphology import normal_form, phrase_language


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_every_language_fills_every_slot(code):
    assert lang.missing_slots(code) == []


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_every_regex_slot_compiles_and_every_dict_slot_names_the_same_keys(code):
    module = lang.module(code)
    for slot in ("ACCORDING", "CITING", "BEFORE", "STATEMENT", "POINTERS", "UNNAMED", "HEDGES",
                 "RUMOUR", "VERDICTS", "CONTINUES", "MONTHS", "WEEKDAYS"):  # fmt: skip
        re.compile(getattr(module, slot))
    english = lang.module("en")
    for slot in ("PARTIES", "INSTITUTIONS"):  # every language says every party and body
        assert set(getattr(module, slot)) == set(getattr(english, slot)), slot
    assert module.MORPHOLOGY in ("pymorphy3", "lemmagen3")


def test_a_language_without_a_slot_is_named(monkeypatch):
    monkeypatch.delattr(lang.module("bg"), "UNNAMED")
    assert lang.missing_slots("bg") == ["UNNAMED"]


@pytest.mark.parametrize(
    ("words", "code", "forms"),
    [
        (["штабу", "армії"], "uk", ["штаб", "армія"]),
        (["штаба", "армии"], "ru", ["штаб", "армия"]),
        (["армията"], "bg", ["армия"]),
        (["ministries"], "en", ["ministry"]),
    ],
)
def test_morphology_gives_dictionary_forms_from_the_packages_data(words, code, forms):
    assert phrase_language(words) == code
    assert [normal_form(w, code) for w in words] == forms
