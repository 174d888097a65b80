"""Doubts and their reasons, and whom a later sentence was told: "постави под
съмнение уверенията на Y, че Z" (Y asserts Z), a reflexive particle before
the verb is no part of the source, "сумніваються, що Z, адже W" (W is the
doubter's own claim), "he" told the press this time does not take the
relay of the report before, an outlet's own source ("Источник Bloomberg"),
and a short "сообщило о Z". Sentences written for the test."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.register import Register
from claims.models import Stance


def _run(text: str, lang: str):
    return extract(text, register=Register(), detect=lambda _t: lang)[1]


def _links(item) -> list[tuple[str, str, int | None]]:
    return [(link.phrase or link.name, link.stance, link.via) for link in item.links]


@pytest.mark.django_db
def test_he_told_the_press_this_time_keeps_the_speaker_not_the_relay():
    first, second = _run(
        "Кметът на Варна каза пред bTV, че пристанището е затворено. "
        "Пред журналисти по-късно той уточни, че няма пострадали.",
        "bg",
    )
    assert [name for name, _s, _v in _links(first)] == ["Кметът на Варна", "bTV"]
    assert _links(second) == [("Кметът на Варна", Stance.ASSERTS, None)]


@pytest.mark.django_db
def test_doubting_the_assurances_of_a_source_names_their_author():
    doubted, asserted = _run(
        "Пристанищният синдикат постави под съмнение уверенията на Министерството на "
        "транспорта, че кейовете са ремонтирани.",
        "bg",
    )
    assert _links(doubted) == [("Пристанищният синдикат", Stance.QUESTIONS, None)]
    assert _links(asserted) == [("Министерството на транспорта", Stance.ASSERTS, None)]


@pytest.mark.django_db
def test_the_reflexive_particle_is_no_part_of_the_source():
    (item,) = _run(
        "Министерството на транспорта заяви, че кейовете са ремонтирани. "
        "Експерти от пристанищния синдикат се усъмниха в това.",
        "bg",
    )
    assert _links(item)[1] == ("Експерти от пристанищния синдикат", Stance.QUESTIONS, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("В Одеській ОВА сумніваються, що пором вийшов у море, адже причал досі закритий.", "uk"),
        ("В администрации порта отрицают, что паром вышел в море, так как причал закрыт.", "ru"),
    ],
)
def test_the_reason_given_for_a_doubt_or_denial_is_a_claim_of_its_own(text, lang):
    doubted, reason = _run(text, lang)
    assert "море" in doubted.text
    assert doubted.links[0].stance in (Stance.QUESTIONS, Stance.DENIES)
    assert reason.text.startswith("Причал")
    assert reason.links[0].stance == Stance.ASSERTS


@pytest.mark.parametrize(
    ("sentence", "source", "relays"),
    [
        ("Источник Bloomberg сообщил, что паром вернулся в порт.", "Источник", ["Bloomberg"]),
        ("Источник Минобороны сообщил, что паром вернулся в порт.", "Источник Минобороны", []),
    ],
)
def test_an_outlets_own_source_without_a_body(sentence, source, relays):
    frame = frames.analyse(sentence, "ru")
    assert (frame.source, frame.relays) == (source, relays)


@pytest.mark.django_db
def test_a_short_report_about_a_noun_is_a_claim():
    (item,) = _run("Минобороны сообщило о закрытии порта.", "ru")
    assert item.text == "Закрытии порта."
