"""Frames over the masked sentence for shapes the older cues used to catch:
an English sentence opening with its subject, a quoted name opening the
sentence, and two verbs joined where the second reports the claim.
Sentences written for the test."""

import pytest

from claims.ingestion import frames


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "claim_start", "stance"),
    [
        ('State radio said the "northern bridge was closed to all traffic" on Monday.', "en",
         "State radio", "northern bridge", "asserts"),
        ("„Пристанищен вестник“ съобщи, че фериботите са спрели край Варна.", "bg",
         "„Пристанищен вестник“", "фериботите", "asserts"),
        ("Пристанищната охрана опроверга тази информация и заяви, че фериботът е на котва.",
         "bg", "Пристанищната охрана", "фериботът", "asserts"),
        ("The port guard denied the report and said that the ferry was anchored.", "en",
         "The port guard", "the ferry", "asserts"),
    ],
)  # fmt: skip
def test_more_shapes_are_frames(sentence, lang, source, claim_start, stance):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.source.strip() == source
    assert frame.claim.startswith(claim_start)
    assert frame.stance == stance


def test_a_sentence_opening_with_a_long_quotation_is_still_a_quote():
    frame = frames.analyse(
        "„Фериботите спряха край Варна и никой не знае кога ще тръгнат“, каза капитанът.", "bg"
    )
    assert frame is not None
    assert frame.cue.startswith("trail")


# The shapes the regular-expression cues used to catch, now frames like the
# rest (one mechanism): "according to" without a comma, where the language's
# morphology ends the source; a passive "cited by"; news "spread on" a channel;
# "the information is X's"; a post "showing" something.
@pytest.mark.parametrize(
    ("sentence", "lang", "source", "claim_start"),
    [
        ("Според пристанищната охрана фериботите са спрели край Варна.", "bg",
         "пристанищната охрана", "фериботите"),
        ("Според Съюза на рибарите в Созопол уловът е спаднал наполовина.", "bg",
         "Съюза на рибарите в Созопол", "уловът"),
        ("Според местни риболовци при бурята са потънали три лодки.", "bg",
         "местни риболовци", "при бурята"),
        ("Според областния вестник „Морски глас“ пристанището ще бъде затворено.", "bg",
         "областния вестник „Морски глас“", "пристанището"),
        ("За даними портової служби пороми зупинилися біля Одеси вночі.", "uk",
         "портової служби", "пороми"),
        ("По данным береговой охраны паромы остановились у причала ночью.", "ru",
         "береговой охраны", "паромы"),
    ],
)  # fmt: skip
def test_according_to_without_a_comma_ends_the_source_by_morphology(
    sentence, lang, source, claim_start
):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.cue == "according_word"
    assert frame.source == source
    assert frame.claim.startswith(claim_start)


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "claim_start"),
    [
        # a country named right after the source's noun is the claim's subject,
        # whatever the comma later in the sentence closes
        ("Според морски експерти Турция разширява пристанището, за да приема танкери.", "bg",
         "морски експерти", "Турция разширява"),
        ("Според пристанищната охрана Израел затваря канала през нощта.", "bg",
         "пристанищната охрана", "Израел затваря"),
        ("По данным портовой службы Турция расширяет порт, чтобы принимать танкеры.", "ru",
         "портовой службы", "Турция расширяет"),
        # a country after a preposition, a name after a title and a country in
        # the genitive ("of Turkey") stay in the source, with a comma or without
        ("Според министъра на транспорта на Турция пристанището ще бъде затворено.", "bg",
         "министъра на транспорта на Турция", "пристанището"),
        ("Според говорителя на пристанището Петров, фериботът е на котва.", "bg",
         "говорителя на пристанището Петров", "фериботът"),
        ("По словам представителя Турции, паром стоит на якоре.", "ru",
         "представителя Турции", "паром"),
        ("За словами представника Туреччини, пором стоїть на якорі.", "uk",
         "представника Туреччини", "пором"),
    ],
)  # fmt: skip
def test_where_the_source_ends_beside_a_country(sentence, lang, source, claim_start):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.source == source
    assert frame.claim.startswith(claim_start)


def test_according_to_without_a_comma_in_english_is_left_alone():
    """English closes the source with a comma; without one, where it ends is a guess."""
    sentence = "According to the port guard ferries stopped near the pier."
    assert frames.analyse(sentence, "en") is None


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "relay"),
    [
        ("A naval source cited by the Harbour Courier said the ferry had been anchored.", "en",
         "A naval source", "the Harbour Courier"),
        ("The port authority, quoted by Coast Radio, said no ship had left the bay.", "en",
         "The port authority", "Coast Radio"),
        ("Капитанът, цитиран от „Морски глас“, заяви, че фериботът е на котва.", "bg",
         "Капитанът", "„Морски глас“"),
    ],
)  # fmt: skip
def test_cited_by_makes_a_relay_not_the_origin(sentence, lang, source, relay):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.source == source
    assert frame.relays == [relay]


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "claim_start"),
    [
        ("В Телеграм се появи информация, че фериботът е потънал.", "bg", "Телеграм",
         "фериботът"),
        ("On Telegram, rumours circulated that the ferry had sunk near the pier.", "en",
         "Telegram", "the ferry"),
        ("У Telegram поширюється інформація, що пором затонув біля причалу.", "uk",
         "Telegram", "пором"),
        ("В Telegram появилась информация, что паром затонул у причала.", "ru",
         "Telegram", "паром"),
    ],
)  # fmt: skip
def test_news_spreading_on_a_channel_is_a_rumour(sentence, lang, source, claim_start):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert (frame.cue, frame.source, frame.stance) == ("spread", source, "reports_rumour")
    assert frame.claim.startswith(claim_start)
    assert "spread" not in frames.cue_in_words(frame.cue)  # the desk reads words, not codes


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "adds"),
    [
        ("Информацията е на пристанищната охрана.", "bg", "пристанищната охрана", False),
        ("За това пишат и от „Морски глас“.", "bg", "„Морски глас“", True),
        ("Про це також повідомляє портова служба.", "uk", "портова служба", True),
    ],
)  # fmt: skip
def test_a_source_named_after_the_sentences_it_covers(sentence, lang, source, adds):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert (frame.scope, frame.source, frame.adds) == ("before", source, adds)


@pytest.mark.parametrize(
    ("sentence", "lang", "claim_start"),
    [
        ("Harbour Watch posted a video it said showed the ferry listing near the pier.", "en",
         "the ferry listing"),
        ("Пристанищен патрул публикува видео, на което се вижда как фериботът се накланя.",
         "bg", "как фериботът"),
    ],
)  # fmt: skip
def test_what_a_post_shows_is_its_claim(sentence, lang, claim_start):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.cue == "post_showing"
    assert frame.claim.startswith(claim_start)


@pytest.mark.parametrize(
    ("sentence", "lang", "first", "second"),
    [
        ("Според пристанищната охрана фериботът е на котва, а според капитана той е потънал.",
         "bg", ("пристанищната охрана", "фериботът е на котва"), ("капитана", "той е потънал")),
        ("Two ferries sank near the pier, according to the harbour office, which said the crews"
         " had been rescued.", "en", ("the harbour office", "Two ferries sank near the pier"),
         ("the harbour office", "the crews had been rescued")),
    ],
)  # fmt: skip
def test_a_second_report_in_the_same_sentence_is_its_own(sentence, lang, first, second):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert (frame.source, frame.claim.rstrip(".")) == first
    assert [(f.source, f.claim.rstrip(".")) for f in frame.more] == [second]


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "relay"),
    [
        ("Speaking to Coast Radio, the harbour master said two ferries had sunk near the pier.",
         "en", "the harbour master", "Coast Radio"),
        ("В интервю за „Морски глас“ капитанът заяви, че фериботът е потънал край пристана.",
         "bg", "капитанът", "„Морски глас“"),
    ],
)  # fmt: skip
def test_the_one_spoken_to_in_an_opening_passes_it_on(sentence, lang, source, relay):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.source == source
    assert frame.relays[0] == relay


@pytest.mark.parametrize(
    ("sentence", "lang", "source"),
    [
        ("That's according to the harbour office, which keeps the ship register.", "en",
         "harbour office"),
        ("The report came on Monday from the coast guard.", "en", "coast guard"),
    ],
)  # fmt: skip
def test_english_names_the_source_of_the_sentences_before(sentence, lang, source):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.scope == "before"
    assert frame.source.split(",")[0] == source


@pytest.mark.parametrize(
    ("sentence", "lang", "source"),
    [
        ("Как передает «Береговой вестник», паром затонул у причала ночью.", "ru",
         "«Береговой вестник»"),
        ("Як передає «Портовий вісник», пором затонув біля причалу вночі.", "uk",
         "«Портовий вісник»"),
        ("По его словам, паром затонул у причала ночью.", "ru", "его"),
        ("За її словами, пором затонув біля причалу вночі.", "uk", "її"),
    ],
)  # fmt: skip
def test_as_an_outlet_passes_on_and_according_to_him(sentence, lang, source):
    frame = frames.analyse(sentence, lang)
    assert frame is not None, sentence
    assert frame.source == source
    assert frame.claim.startswith(("паром", "пором"))


def test_a_bare_this_is_without_a_verb_of_saying_reports_nothing():
    """ "Това е последният пристан …" is a copula; "Това заяви капитанът" a report."""
    frame = frames.analyse("Това е последният пристан край Созопол, отворен за лодки.", "bg")
    assert frame is None or frame.scope != "before"
    assert frames.analyse("Това заяви капитанът на пристанището.", "bg").scope == "before"
