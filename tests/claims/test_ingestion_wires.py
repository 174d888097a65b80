"""Where a story's wire, an outlet's own sources and an answer spoken on air
are written: a numeric-date dateline before "(AFP)", "ГОРОД, дата —
АГЕНЦИЯ.", a closing "Джерело: Reuters" line; "Джерела «X» в Y" (X's
sources in Y: X passed it on); "Про це в ефірі X розповів Y"; a security
service is not an intelligence agency; a quotation mark closing a name is
not a quotation; a promise without "that". Sentences written for the test."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.keys import concept_key
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import dateline, source_line
from claims.ingestion.register import Register


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("ОДЕСА, 5 грудня (AFP) — Портова адміністрація повідомила про шторм.", "AFP"),
        ("СОЧИ, 8 дек — Морские новости. Портовое управление сообщило о шторме.",
         "Морские новости"),
    ],
)  # fmt: skip
def test_datelines_with_a_date_in_words_name_the_wire(paragraph, agency):
    assert dateline(paragraph)[0] == agency


def test_a_closing_source_line_names_the_wire():
    assert source_line("Причал закрито до ранку.\nДжерело: Reuters") == (
        "Reuters",
        "Причал закрито до ранку.",
    )
    assert source_line("Причал закрито до ранку.") == ("", "Причал закрито до ранку.")


@pytest.mark.django_db
def test_the_source_line_relays_the_story():
    text = "Капітан порту Одеси заявив, що причал закрито до ранку через шторм.\nДжерело: Reuters"
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert [link.name for link in item.links][-1] == "Reuters"


@pytest.mark.parametrize(
    ("sentence", "lang", "relays"),
    [
        ("Джерела «Морського радіо» в Адміністрації порту стверджують, що причал закрито.",
         "uk", ["«Морського радіо»"]),
        ("Собеседник «Морских новостей» в портовом управлении рассказал, что причал закрыт.",
         "ru", ["«Морских новостей»"]),
    ],
)  # fmt: skip
def test_an_outlets_own_sources_in_a_body(sentence, lang, relays):
    frame = frames.analyse(sentence, lang)
    assert frame.relays == relays
    assert "«" not in frame.source


def test_what_was_said_on_air_after_this_was_said():
    frame = frames.analyse("Про це в ефірі Морського радіо розповів капітан порту.", "uk")
    assert frame.scope == "before"
    assert frame.relays == ["Морського радіо"]
    assert frame.source.strip() == "капітан порту"


def test_a_security_service_is_not_an_intelligence_agency():
    assert concept_key("Служба безпеки України") != concept_key("Головне управління розвідки")


@pytest.mark.django_db
def test_a_promise_without_that_and_a_name_in_quotation_marks():
    text = "Командование группировки «Юг» пообещало восстановить мост через реку до конца месяца."
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.text == "Восстановить мост через реку до конца месяца."
    assert item.links[0].name.startswith("Командование группировки")


RU_REPORT = "Рыбацкий союз Сочи заявил, что волнорез у причала разрушен штормом."
UK_REPORT = "Капітан порту Одеси заявив, що причал закрито до ранку через шторм."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("report", "line", "claim"),
    [
        (RU_REPORT, "«Очередной фейк», — заявили в Портовом управлении.",
         "Волнорез у причала разрушен штормом."),
        (RU_REPORT, "Проверить эту информацию пока не удалось.",
         "Волнорез у причала разрушен штормом."),
        (RU_REPORT, "Капитан порта эти сведения не подтвердил.",
         "Волнорез у причала разрушен штормом."),
        (RU_REPORT, "Проверить эти данные независимо невозможно.",
         "Волнорез у причала разрушен штормом."),
        (UK_REPORT, "Перевірити ці дані поки неможливо.",
         "Причал закрито до ранку через шторм."),
        (UK_REPORT, "Портова адміністрація від коментарів відмовилася.",
         "Причал закрито до ранку через шторм."),
        # no reaction yet: a line about the reporting
        (UK_REPORT, "Офіційної реакції з боку адміністрації міста поки не надходило.",
         "Причал закрито до ранку через шторм."),
        (RU_REPORT, "Официальной реакции со стороны городской администрации пока не поступало.",
         "Волнорез у причала разрушен штормом."),
        ("Рибарският съюз на Бургас заяви, че вълноломът е разрушен от бурята. Официална "
         "реакция на общинската администрация в Бургас до вечерта не е последвала.",
         "", "Вълноломът е разрушен от бурята."),
    ],
)  # fmt: skip
def test_a_bare_verdict_or_a_line_about_checking_is_no_claim(report, line, claim):
    found = extract(f"{report} {line}", register=Register(), detect=detect_language)[1]
    assert [item.text for item in found] == [claim]


@pytest.mark.django_db
def test_a_short_claim_named_by_a_doubt_is_kept():
    text = "Портовое управление Сочи поставило под сомнение заявление Минтранса о закрытии порта."
    found = extract(text, register=Register(), detect=detect_language)[1]
    assert {item.text for item in found} == {"Закрытии порта."}


@pytest.mark.parametrize(
    ("phrase", "parts"),
    [
        ("Морската администрация на България, както и Пристанищната охрана на Варна",
         ["Морската администрация на България", "Пристанищната охрана на Варна"]),
        ("both the Harbour Authority and the Coast Guard of Varna",
         ["the Harbour Authority", "the Coast Guard of Varna"]),
        ("як «Морське радіо», так і Адміністрація порту Одеси",
         ["«Морське радіо»", "Адміністрація порту Одеси"]),
        ("Министерството на отбраната и сигурността",
         ["Министерството на отбраната и сигурността"]),
    ],
)  # fmt: skip
def test_joined_sources_are_told_apart_when_each_names_someone(phrase, parts):
    from claims.ingestion.phrases import coordinated

    assert coordinated(phrase) == parts


@pytest.mark.django_db
def test_two_sources_and_two_relays_of_one_report():
    text = (
        "Кеят край Варна е затворен заради щорма – това съобщиха Пристанищната охрана на Варна, "
        "както и Морската администрация на България."
    )
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert len([link for link in item.links if link.via is None]) == 2
    text = (
        "Капитанът на пристанището във Варна, цитиран от Радио Варна и БНТ, каза, "
        "че кеят е затворен заради щорма."
    )
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert [link.via for link in item.links] == [None, 0, 0]
