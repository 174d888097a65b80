"""Quoting and pointing back: "X quoted Y as saying", "Слова Y приводит X",
the body named after an outlet's report ("The claim was made by Y"), a
pointer that names a kind of body ("the ministry") going back past another
speaker, a reporter of the outlet named before, a web outlet's dateline, a
habitual "regularly claim" (no claim), counted sources ("a number of
agencies"), a capitalised name inside the sentence, and "claimed to have".
Sentences written for the test."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import POINTER, dateline, source_phrase
from claims.ingestion.register import Register


def _run(text: str, lang: str = ""):
    detect = (lambda _t: lang) if lang else detect_language
    return extract(text, register=Register(), detect=detect)[1]


def _chain(item) -> list[tuple[str, int | None]]:
    return [(link.phrase or link.name, link.via) for link in item.links]


@pytest.mark.parametrize(
    "sentence",
    [
        "The port radio quoted the harbour authority as saying that the pier had been closed.",
        "“The pier has been closed,” the port radio quoted the harbour authority as saying.",
    ],
)
def test_quoted_as_saying_the_quoted_is_the_origin_the_quoting_a_relay(sentence):
    frame = frames.analyse(sentence, "en")
    assert frame.cue == "quoted_as"
    assert frame.source == "the harbour authority"
    assert [r.lower() for r in frame.relays] == ["the port radio"]
    assert "pier" in frame.claim
    assert "been closed" in frame.claim


def test_the_words_of_a_source_carried_by_an_outlet():
    frame = frames.analyse(
        "Слова представителя МЧС приводит агентство «Морские вести»: «Паром вернулся в порт».",
        "ru",
    )
    assert (frame.source, frame.relays) == ("представителя МЧС", ["агентство «Морские вести»"])
    assert "Паром вернулся в порт" in frame.claim


def test_quote_as_a_verb_of_saying_alone_is_not_quoted_as():
    frame = frames.analyse("The port radio quoted a long passage from the new harbour rules.", "en")
    assert frame is None or frame.cue != "quoted_as"


@pytest.mark.django_db
def test_the_body_named_after_an_outlets_report_is_its_origin():
    first, *_ = _run(
        "Local news agencies reported that the ferry operator had cancelled all sailings. "
        "The claim was confirmed by the transport ministry on Monday."
    )
    assert _chain(first) == [("transport ministry", None), ("Local news agencies", 0)]


@pytest.mark.django_db
def test_a_report_in_its_own_origins_name_keeps_it():
    first, *_ = _run(
        "The transport ministry said that the ferry operator had cancelled all sailings. "
        "The claim was repeated by the port radio on Monday."
    )
    assert _chain(first)[0] == ("transport ministry", None)


@pytest.mark.django_db
def test_the_ministry_points_back_past_another_speaker_to_a_ministry():
    *_, last = _run(
        "The transport ministry said that the ferry operator had cancelled all sailings. "
        "Earlier, the coast guard said two boats were missing. "
        "“The pier has been closed,” the ministry told Port Radio."
    )
    assert _chain(last) == [("transport ministry", None), ("Port Radio", 0)]


def test_a_correspondent_of_the_channel_points_back_at_the_channel():
    said = source_phrase("кореспондента каналу в Одесі")
    assert (said.kind, said.name) == (POINTER, "каналу")


@pytest.mark.django_db
def test_a_channels_correspondent_speaks_for_the_channel_named_before():
    first, second = _run(
        "Портова адміністрація просить перевізників скасувати рейси. Про це 3 грудня "
        "повідомляє канал Black Sea Ports.\n"
        "Як повідомив кореспондент каналу в Одесі, пором повернувся до причалу вночі.",
        "uk",
    )
    assert _chain(second)[0][0] == _chain(first)[0][0]


def test_a_web_outlets_address_before_the_place_is_a_dateline():
    assert dateline("ports.example.com, ODESA - The pier was closed on Monday.")[1] == (
        "The pier was closed on Monday."
    )


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("The port workers regularly claim that the cranes are unsafe.", "en"),
        ("Пристанищните власти редовно твърдят, че фериботите тръгват навреме.", "bg"),
        ("Портовики регулярно заявляют, что краны неисправны.", "ru"),
    ],
)
def test_what_a_side_regularly_says_is_no_claim(sentence, lang):
    assert frames.analyse(sentence, lang) is None


@pytest.mark.parametrize(
    "phrase", ["A number of local news agencies", "Several local broadcasters", "Няколко агенции"]
)
def test_a_counted_source_still_names_someone(phrase):
    assert source_phrase(phrase).kind == "name"


def test_a_capital_inside_the_sentence_is_a_name():
    assert source_phrase("Суспільне", inside=True).kind == "name"
    assert source_phrase("Fighting").kind == "no one"


@pytest.mark.django_db
def test_an_outlet_named_inside_according_to_is_the_source():
    (item,) = _run("Як повідомляє Суспільне, у гавані затонув один старий буксир.", "uk")
    assert _chain(item)[0][0] == "Суспільне"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The coast guard claimed to have towed the ferry back to port overnight.",
         "The coast guard has towed the ferry back to port overnight."),
        ("Coastal troops claimed to have seen two tugboats leaving before dawn.",
         "Coastal troops have seen two tugboats leaving before dawn."),
    ],
)  # fmt: skip
def test_claimed_to_have_gets_the_speaker_as_its_subject(sentence, text):
    (item,) = _run(sentence, "en")
    assert item.text == text


def test_a_participle_after_the_claim_is_not_its_source():
    frame = frames.analyse(
        "The harbour office opened two new berths overnight, promising extra ferry slots.", "en"
    )
    assert frame is None or frame.source != "extra ferry slots"


@pytest.mark.django_db
def test_a_bulletin_opening_the_sentence_is_not_its_source():
    *_, last = _run(
        "The coast guard said the pier was closed. However, in its evening update, the port "
        'authority said that "the ferries continue to sail on time."',
        "en",
    )
    assert _chain(last) == [("port authority", None)]
    assert last.text == "The ferries continue to sail on time."


@pytest.mark.django_db
def test_a_quote_inside_the_claim_and_the_adding_after_it():
    first, second = _run(
        "On regional radio, the port authority's spokesman said the pier was "
        '"completely flooded," adding that "no ferry can dock."',
        "en",
    )
    assert first.text == "The pier was completely flooded."
    assert second.text == "No ferry can dock."
    assert _chain(second) == _chain(first) == [("port authority's spokesman", None)]


def test_a_second_report_a_day_after():
    frame = frames.analyse(
        "The port authority said on Monday that its tugs had not left the harbour, a day after "
        "the coast guard said it had towed two of them out.",
        "en",
    )
    assert frame.claim.rstrip(".") == "its tugs had not left the harbour"
    assert [(other.source, other.claim) for other in frame.more] == [
        ("the coast guard", "it had towed two of them out.")
    ]


@pytest.mark.django_db
def test_reported_about_a_noun_then_a_relative_clause():
    (item,) = _run(
        "Морська адміністрація повідомила про закриття причалу та затримання двох поромів, що "
        "суперечить заявам перевізника.",
        "uk",
    )
    assert item.text.startswith("Закриття причалу та затримання двох поромів")
    assert _chain(item) == [("Морська адміністрація", None)]


@pytest.mark.django_db
def test_an_opener_ending_on_a_date_is_not_the_speakers_name():
    (item,) = _run(
        "Під час візиту до порту 17 вересня Шевченко повідомив, що пором повернувся до причалу.",
        "uk",
    )
    assert _chain(item) == [("Шевченко", None)]


@pytest.mark.django_db
def test_a_quotation_over_two_sentences_with_its_speaker_after_it():
    first, second = _run(
        "«Ми закрили два причали біля маяка. Пором відійшов, залишивши двох пасажирів», — "
        "розповів капітан порту.",
        "uk",
    )
    assert first.text == "Ми закрили два причали біля маяка."
    assert _chain(first) == _chain(second) == [("капітан порту", None)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("«Причал до сих пор закрыт, — сказал капитан порта. — Паром ушёл, бросив якорь».",
         "ru", "капитан порта"),
        ("«Причал відкрито з ранку, — наголосив речник порту, — жодного пошкодження не "
         "виявлено».", "uk", "речник порту"),
        ("“The pier is open again,” the harbour commander, who asked not to be named, told "
         "Sea News by telephone, “and the ferries will dock there tonight.”", "en",
         "harbour commander"),
    ],
)  # fmt: skip
def test_the_speaker_inside_a_quotation_said_both_parts(text, lang, speaker):
    first, second = _run(text, lang)
    assert _chain(first)[0] == _chain(second)[0] == (speaker, None)
    assert first.text.startswith(("Причал", "The pier"))


@pytest.mark.django_db
def test_we_can_confirm_that_is_the_speakers_lead_in():
    (item,) = _run(
        "«Можемо повідомити, що жоден пором не постраждав від шторму», — заявив капітан порту.",
        "uk",
    )
    assert item.text == "Жоден пором не постраждав від шторму."


@pytest.mark.django_db
def test_an_outlet_named_after_a_report_in_its_origins_name_is_the_wire():
    first, second = _run(
        "The transport ministry said that the ferry operator had cancelled all sailings.\n\n"
        "This was reported by Sea News.\n\n"
        "The coast guard said two boats were missing.",
        "en",
    )
    assert _chain(first) == [("transport ministry", None), ("Sea News", 0)]
    assert _chain(second) == [("coast guard", None), ("Sea News", 0)]
