"""Doubts and their reasons, and whom a later sentence was told: doubting
another source's assurance names its author; a reflexive particle before
the verb is no part of the source; the reason given for a doubt or denial
is the doubter's own claim; "he" told the press this time does not take the
relay of the report before; an outlet's own source with no body; a short
report about a noun; verdicts that answer the report before. Sentences
written for the test."""

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
        "Пред репортерите той добави по-късно, че няма ранени моряци.",
        "bg",
    )
    assert [name for name, _s, _v in _links(first)] == ["Кметът на Варна", "bTV"]
    assert _links(second) == [("Кметът на Варна", Stance.ASSERTS, None)]
    assert second.text == "Няма ранени моряци."


@pytest.mark.django_db
def test_doubting_the_assurances_of_a_source_names_their_author():
    doubted, asserted = _run(
        "Пристанищният синдикат постави под съмнение уверението на Министерството на "
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Пристанищната администрация обяви, че два ферибота са блокирани. За тези обвинения "
         "министърът на транспорта каза, че те са „пълни глупости“.", "bg"),
        ("The port authority said two ferries had been blocked. On these accusations, the "
         "transport minister said they were complete nonsense.", "en"),
    ],
)  # fmt: skip
def test_a_verdict_with_its_copula_answers_the_report_before(text, lang):
    (item,) = _run(text, lang)
    assert [stance for _n, stance, _v in _links(item)] == [Stance.ASSERTS, Stance.DENIES]
    assert "министърът на транспорта" in _links(item)[1][0] or "minister" in _links(item)[1][0]


@pytest.mark.django_db
def test_a_denial_in_a_clause_after_while_names_its_own_source():
    _first, second = _run(
        "Пристанищната администрация съобщи, че кейовете са ремонтирани. Подобни сигнали е "
        "имало и преди, като министерството на транспорта отрича да е поръчвало ремонта.",
        "bg",
    )
    assert _links(second) == [("министерството на транспорта", Stance.DENIES, None)]
    assert second.text == "Министерството на транспорта е поръчвало ремонта."


@pytest.mark.django_db
def test_what_footage_shows_in_the_articles_own_words_is_no_claim():
    (item,) = _run(
        "The port authority said the ferry had sailed. Video footage from the pier showed the "
        "ferry leaving at dawn.",
        "en",
    )
    assert item.text == "The ferry had sailed."


@pytest.mark.django_db
def test_what_a_source_says_footage_shows_is_its_claim():
    *_, answer = _run(
        "The port authority said the ferry had sailed. Harbour police denied this, saying "
        "footage showed the ferry still moored.",
        "en",
    )
    assert answer.text == "Footage showed the ferry still moored."


def test_a_caption_credit_inside_the_text_is_not_prose():
    from claims.ingestion.text import split_blocks

    (block,) = split_blocks("Пором вийшов з порту. Фото: Олена Коваль / Reuters").blocks
    assert block.text == "Пором вийшов з порту."


@pytest.mark.django_db
def test_the_one_which_called_the_claims_fake_answers_the_report_before():
    (item,) = _run(
        "Служба порту заявила, що пором затонув. На це одразу відреагувала Морська "
        "адміністрація, яка назвала ці повідомлення вигадкою.",
        "uk",
    )
    assert _links(item) == [
        ("Служба порту", Stance.ASSERTS, None),
        ("Морська адміністрація", Stance.DENIES, None),
    ]


@pytest.mark.django_db
def test_a_statement_that_adds_to_the_confusion_reports_nothing():
    (item,) = _run(
        "The port authority said the ferry had sailed.\n\nThe announcement adds to the "
        "uncertainty around the harbour, which had closed the day before.",
        "en",
    )
    assert item.text == "The ferry had sailed."


@pytest.mark.django_db
def test_a_verdict_participle_after_the_claim_is_no_part_of_it():
    (item,) = _run(
        "The port authority denied the closure of the northern pier, labelling the reports as "
        "part of a campaign of lies.",
        "en",
    )
    assert item.text == "The closure of the northern pier."
    assert item.links[0].stance == Stance.DENIES
