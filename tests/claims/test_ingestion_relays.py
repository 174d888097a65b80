"""Reports passed on and answered in one sentence: a source that heard
reports it has not checked passes them on as a rumour; a body's published
figures are its claim; an outlet that carried a statement is a relay, two
outlets two parallel relays; what was reported may come first and its two
sources after; a verdict opening a quotation answers the report before; an
apposition after a claim may name who called it untrue; a chain of three in
one sentence; a participle opening the sentence is no part of its source (one
of denial answers the report before); what was reported may come first after
a word of time. Sentences written for the test."""

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
@pytest.mark.parametrize(
    ("text", "lang", "claim"),
    [
        ("The port authority said it was receiving reports, which it has not yet been able to "
         "check, "
         "of two tugboats sinking near the breakwater.", "en",
         "Two tugboats sinking near the breakwater."),
        ("Пристанищната администрация съобщи, че е получила сведения, които тепърва ще "
         "проверява, за два потънали влекача.", "bg", "Два потънали влекача."),
        ("Морська адміністрація повідомила, що отримала неперевірені повідомлення про "
         "затоплення двох буксирів.", "uk", "Затоплення двох буксирів."),
    ],
)  # fmt: skip
def test_received_reports_are_passed_on_as_a_rumour(text, lang, claim):
    (item,) = _run(text, lang)
    assert item.text == claim
    assert item.links[0].stance == Stance.REPORTS_RUMOUR


@pytest.mark.parametrize(
    ("sentence", "lang", "source"),
    [
        ("Figures published by the port authority show that 40 ferries were cancelled in May.",
         "en", "the port authority"),
        ("Данните, публикувани от пристанищната администрация, показват, че 40 ферибота са "
         "отменени през май.", "bg", "пристанищната администрация"),
    ],
)  # fmt: skip
def test_figures_published_by_a_body_are_its_claim(sentence, lang, source):
    frame = frames.analyse(sentence, lang)
    assert (frame.cue, frame.source) == ("figures", source)
    assert "40 ферибота" in frame.claim or "40 ferries" in frame.claim


@pytest.mark.django_db
def test_remarks_carried_by_two_outlets_are_two_parallel_relays():
    (item,) = _run(
        "The port authority said, in an interview aired by Port FM and Sea News, that the "
        "northern pier had been closed for repairs.",
        "en",
    )
    assert [(name, via) for name, _s, via in _links(item)] == [
        ("port authority", None),
        ("Port FM", 0),
        ("Sea News", 0),
    ]


@pytest.mark.django_db
def test_a_statement_spread_by_two_outlets():
    (item,) = _run(
        "Заявление Морской администрации распространили «Порт ФМ» и «Морские вести»: "
        "«Северный причал закрыт на ремонт».",
        "ru",
    )
    assert "Северный причал закрыт" in item.text
    assert [via for _n, _s, via in _links(item)] == [None, 0, 0]


@pytest.mark.django_db
def test_what_was_reported_first_then_both_sources():
    (item,) = _run(
        "Про затримання трьох поромів у порту повідомили як Морська адміністрація, так і "
        "«Порт Інфо».",
        "uk",
    )
    assert item.text == "Затримання трьох поромів у порту."
    assert [name for name, _s, _v in _links(item)] == ["Морська адміністрація", "Порт Інфо"]


def test_for_now_is_not_a_source_of_what_was_reported_first():
    frame = frames.analyse("За момента не е съобщила нищо ново за пристанището.", "bg")
    assert frame is None or frame.cue != "about_first"


@pytest.mark.django_db
def test_a_verdict_opening_a_quote_answers_the_report_before_through_its_relay():
    first, second = _run(
        "Harbour police said on Sunday that the ferry had been cancelled. “Nonsense. The ferry "
        "sails as planned,” a spokesman for the port authority told the broadcaster Port FM.",
        "en",
    )
    assert _links(first)[1:] == [
        ("spokesman for the port authority", Stance.DENIES, None),
        ("Port FM", Stance.DENIES, 1),
    ]
    assert second.text == "The ferry sails as planned."


@pytest.mark.django_db
def test_a_claim_another_source_described_as_untrue():
    (item,) = _run(
        "Harbour police said the cranes had been switched off, a claim the port "
        "authority described as “entirely false”.",
        "en",
    )
    assert item.text == "The cranes had been switched off."
    assert [stance for _n, stance, _v in _links(item)] == [Stance.ASSERTS, Stance.DENIES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "chain"),
    [
        ("Пристанищната администрация, цитирайки Морското радио, което се позовава на двама "
         "капитани в Бургас, съобщи, че фериботът е спрян.", "bg",
         ["двама капитани в Бургас", "Морското радио", "Пристанищната администрация"]),
        ("The port authority, citing Sea News, which quoted two harbour officials, reported "
         "that the ferry had been stopped.", "en",
         ["two harbour officials", "Sea News", "port authority"]),
        ("Капитан порта, ссылаясь на данные береговой охраны, рассказал «Морским вестям», что "
         "из гавани эвакуированы 30 человек.", "ru",
         ["береговой охраны", "Капитан порта", "Морским вестям"]),
    ],
)  # fmt: skip
def test_three_links_in_one_sentence(text, lang, chain):
    (item,) = _run(text, lang)
    assert [name for name, _s, _v in _links(item)] == chain
    assert [via for _n, _s, via in _links(item)] == [None, 0, 1]


@pytest.mark.django_db
def test_a_quoted_name_closes_a_source_after_according_to():
    (item,) = _run(
        "Според сателитни снимки на „Орбита“ в пристанището са останали три кораба.", "bg"
    )
    assert item.text == "В пристанището са останали три кораба."
    assert _links(item)[0][0] == "Орбита"


@pytest.mark.django_db
def test_it_is_said_with_nobody_named_is_no_claim():
    assert _run("Твърди се, че фериботът е спрян.", "bg") == []


@pytest.mark.django_db
def test_as_if_after_a_verb_of_saying_opens_the_claim():
    (item,) = _run("Портовые СМИ пишут, будто бы паромы перебрасывают в Констанцу.", "ru")
    assert item.text == "Паромы перебрасывают в Констанцу."


@pytest.mark.django_db
def test_it_is_said_goes_on_with_the_source_of_the_paragraph_before():
    _first, second = _run(
        "Пристанищната администрация съобщи, че фериботът е спрян.\n\n"
        "Твърди се, че капитанът на ферибота е бил уволнен.",
        "bg",
    )
    assert second.text == "Капитанът на ферибота е бил уволнен."
    assert _links(second)[0][0] == "Пристанищната администрация"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "speaker", "claim"),
    [
        ("Answering questions from the crews, the harbour authority said that ferries were "
         "running on time.", "en", "harbour authority", "Ferries were running on time."),
        ("Коментирайки информацията, говорителят на пристанището каза, че фериботите плават по "
         "разписание.", "bg", "говорителят на пристанището", "Фериботите плават по разписание."),
        ("Комментуючи ці повідомлення, речник порту сказав, що пороми ходять за розкладом.",
         "uk", "речник порту", "Пороми ходять за розкладом."),
    ],
)  # fmt: skip
def test_a_participle_opening_the_sentence_is_no_part_of_the_source(text, lang, speaker, claim):
    (item,) = _run(text, lang)
    assert (item.text, _links(item)) == (claim, [(speaker, Stance.ASSERTS, None)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "answer", "claim"),
    [
        ("The ministry said the pier had been damaged by the storm. Rejecting the claim, the port "
         "authority said that ferries were running on time.",
         "en", "port authority", "Ferries were running on time."),
        ("Министерство сообщило, что причал поврежден штормом. Опровергая эти сведения, "
         "администрация порта заявила, что паромы ходят по расписанию.",
         "ru", "администрация порта", "Паромы ходят по расписанию."),
    ],
)  # fmt: skip
def test_a_participle_of_denial_answers_the_report_before(text, lang, answer, claim):
    report, own = _run(text, lang)
    assert (answer, Stance.DENIES, None) in _links(report)
    assert (own.text, _links(own)) == (claim, [(answer, Stance.ASSERTS, None)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "source", "claim"),
    [
        ("Ранее о закрытии южного причала сообщил телеканал «Порт ТВ».",
         "ru", "телеканал «Порт ТВ»", "Закрытии южного причала."),
        ("Раніше про закриття південного причалу повідомив телеканал «Порт ТВ».",
         "uk", "телеканал «Порт ТВ»", "Закриття південного причалу."),
        ("По-рано за затварянето на южния кей съобщи телевизия „Порт ТВ“.",
         "bg", "телевизия „Порт ТВ“", "Затварянето на южния кей."),
    ],
)  # fmt: skip
def test_what_was_reported_first_after_a_word_of_time(text, lang, source, claim):
    (item,) = _run(text, lang)
    assert (item.text, _links(item)) == (claim, [(source, Stance.ASSERTS, None)])


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["tr", "sr", "de"])
def test_an_opening_clause_in_a_language_without_rules_is_left_alone(lang):
    # the participle check asks the language's morphology; a language the desk
    # has no module for must not fail the job (it did, in a worker, for Turkish)
    _run("Bakanlık, limanın kapalı olduğunu açıkladı. Ђорђе, лука је затворена.", lang)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "chain"),
    [
        ("Порт закрили на тиждень через шторм. Про це 5 березня повідомив Radio Port, "
         "передають Морські новини.", "uk", ["Radio Port", "Морські новини"]),
        ("Пристанището е затворено заради бурята. За това на 9 декември съобщи Радио Порт.",
         "bg", ["Радио Порт"]),
        ("The port was shut for a week. This was reported on December 9 by Radio Port.", "en",
         ["Radio Port"]),
    ],
)  # fmt: skip
def test_a_date_between_this_and_the_verb_leaves_the_source_whole(text, lang, chain):
    (item,) = _run(text, lang)
    assert [link.name for link in item.links] == chain


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Представитель порта указал, что причал закрыт для всех судов до понедельника.", "ru"),
        ("Представник порту вказав, що причал закрито для всіх суден до понеділка.", "uk"),
        ("Представител на пристанището посочи, че кеят е затворен за всички кораби до "
         "понеделник.", "bg"),
    ],
)  # fmt: skip
def test_pointed_out_is_a_verb_of_saying(text, lang):
    (item,) = _run(text, lang)
    assert item.links[0].stance == Stance.ASSERTS
    assert item.text.startswith(("Причал", "Кеят"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "teller"),
    [
        # a body telling the story: what it adds is its own, not the one it quoted
        ("Керівник порту Іван Петренко заявив, що причал закрито до ранку, кажуть у "
         "Міністерстві оборони.\n\nКрім того, пороми не виходять у море через шторм. Вночі "
         "хвилі пошкодили північний мол порту.", "uk", ["Міністерстві оборони"]),
        # a wire passes the quoted one on: the next sentence is still theirs
        ("Harbour master Ivan Petrov said the pier was closed until morning, Reuters "
         "reported.\n\nIn addition, ferries were not sailing because of the storm.", "en",
         ["Harbour master Ivan Petrov", "Reuters"]),
    ],
)  # fmt: skip
def test_more_of_the_same_goes_on_with_whoever_tells_the_story(text, lang, teller):
    _first, item, *rest = _run(text, lang)
    assert item.text[:5] in ("Пором", "Ferri")  # no "In addition," before the claim
    # the rest of a paragraph opened as more of the same goes on with it too
    for each in (item, *rest):
        assert [link.phrase or link.name for link in each.links] == teller
    assert [each.text for each in rest] == (["Вночі хвилі пошкодили північний мол порту."]
                                            if lang == "uk" else [])  # fmt: skip
