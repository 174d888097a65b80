"""A source's answer to someone else's report: "X denied the reports of Y
that Z" (Y asserts Z, X denies it), "Reports that Z are untrue, X said",
and "Y denied this" after the report it answers. Sentences written for the
test, in the four languages of the desk."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.register import Register
from claims.models import Stance


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "stance", "owner", "claim_start"),
    [
        ("Пристанищната охрана нарече фалшиви твърденията на Рибарския съюз в Бургас, че "
         "вълноломът е разрушен.", "bg", "Пристанищната охрана", Stance.DENIES,
         "Рибарския съюз в Бургас", "вълноломът"),
        ("The coast guard denied reports by the Fishermen's Union that the pier had collapsed.",
         "en", "The coast guard", Stance.DENIES, "the Fishermen's Union", "the pier"),
        ("The coast guard cast doubt on the Harbour Authority's claim that the pier had "
         "collapsed.", "en", "The coast guard", Stance.QUESTIONS, "Harbour Authority", "the pier"),
        ("Берегова охорона спростувала інформацію Спілки рибалок Одеси про те, що причал "
         "зруйновано.", "uk", "Берегова охорона", Stance.DENIES, "Спілки рибалок Одеси",
         "причал"),
        ("Береговая охрана поставила под сомнение заявление Портовой администрации о закрытии "
         "причала.", "ru", "Береговая охрана", Stance.QUESTIONS, "Портовой администрации",
         "закрытии причала"),
    ],
)  # fmt: skip
def test_a_denied_report_is_its_authors_claim_too(sentence, lang, source, stance, owner,
                                                  claim_start):  # fmt: skip
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.source.strip() == source
    assert frame.stance == stance
    assert frame.claim.startswith(claim_start)
    (report,) = frame.more
    assert report.source.strip() == owner
    assert report.stance == Stance.ASSERTS
    assert report.claim == frame.claim


def test_a_report_without_an_author_gives_no_second_source():
    frame = frames.analyse("The coast guard denied reports that the pier had collapsed.", "en")
    assert frame.stance == Stance.DENIES
    assert frame.claim.startswith("the pier")
    assert frame.more == []


@pytest.mark.parametrize(
    ("sentence", "lang", "claim_start"),
    [
        ("Claims that the ferry sank near the pier are untrue, the coast guard said.", "en",
         "the ferry"),
        ("Информацията, че фериботът е потънал край кея, не отговаря на истината, заяви "
         "пристанищната охрана.", "bg", "фериботът"),
        ("Інформація про те, що пором затонув біля причалу, не відповідає дійсності, заявили в "
         "береговій охороні.", "uk", "пором"),
        ("Сообщения о том, что паром затонул у причала, не соответствуют действительности, "
         "заявили в береговой охране.", "ru", "паром"),
    ],
)  # fmt: skip
def test_a_verdict_after_the_report_denies_it(sentence, lang, claim_start):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.stance == Stance.DENIES
    assert frame.claim.startswith(claim_start)


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "stance", "claim"),
    [
        ("Пристанищната охрана отрече това.", "bg", "Пристанищната охрана", Stance.DENIES, ""),
        ("У береговій охороні це заперечують.", "uk", "У береговій охороні", Stance.DENIES, ""),
        ("В береговой охране это отрицают.", "ru", "В береговой охране", Stance.DENIES, ""),
        ("The coast guard denied this, saying the ferry was still at sea.", "en",
         "The coast guard", Stance.DENIES, "the ferry was still at sea."),
        ("Пристанищната охрана се усъмни в това и заяви, че фериботът е в морето.", "bg",
         "Пристанищната охрана се", Stance.QUESTIONS, "фериботът е в морето."),
    ],
)  # fmt: skip
def test_an_answer_to_the_report_before(sentence, lang, source, stance, claim):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.source.strip() == source
    assert frame.on_last == stance
    assert frame.claim == claim


def test_calling_the_report_before_something_else_is_no_answer():
    assert frames.analyse("The coast guard called this a success.", "en") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Рибарският съюз съобщи, че вълноломът край Созопол е разрушен. Пристанищната охрана "
        "отрече това.",
        "Портовое управление Сочи заявило, что волнорез у причала разрушен, однако береговая "
        "охрана Абхазии назвала это ложью.",
        "Портова адміністрація Одеси повідомила, що хвилеріз біля причалу зруйновано. У "
        "Береговій охороні це заперечують.",
    ],
)
def test_the_answer_is_one_more_origin_of_the_report_it_answers(text):
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    origins = [link for link in item.links if link.via is None]
    assert [link.stance for link in origins] == [Stance.ASSERTS, Stance.DENIES]


@pytest.mark.parametrize(
    ("sentence", "lang", "claim", "stance"),
    [
        ("Пристанищната охрана отрече фериботът да е потънал край Созопол и заяви, че той е "
         "на котва в залива.", "bg", "фериботът е потънал край Созопол", Stance.DENIES),
        ("The port authority denied that the ferry had sunk near the pier and said that it was "
         "anchored in the bay.", "en", "the ferry had sunk near the pier", Stance.DENIES),
        ("The port authority said the pier was closed for repairs and added that ferries were "
         "cancelled.", "en", "the pier was closed for repairs", Stance.ASSERTS),
    ],
)  # fmt: skip
def test_what_a_source_said_before_saying_more_is_its_report_too(sentence, lang, claim, stance):
    frame = frames.analyse(sentence, lang)
    (denied,) = frame.more
    assert denied.claim == claim
    assert denied.stance == stance
    assert denied.source == frame.source


@pytest.mark.parametrize(
    ("sentence", "source", "stance", "claim_start"),
    [
        ("“There is no truth in the reports that the ferry sank,” a spokesman for the Harbour "
         "Authority said.", "a spokesman for the Harbour Authority", Stance.DENIES, "the ferry"),
        ("A spokesman for the Harbour Authority said he doubted reports that the ferry had "
         "reached the northern pier.", "A spokesman for the Harbour Authority",
         Stance.QUESTIONS, "the ferry"),
    ],
)  # fmt: skip
def test_a_denial_or_doubt_inside_the_words_of_a_speaker(sentence, source, stance, claim_start):
    frame = frames.analyse(sentence, "en")
    assert frame.source.strip() == source
    assert frame.stance == stance
    assert frame.claim.startswith(claim_start)


def test_saying_after_the_claim_opens_a_second_claim_of_the_same_source():
    frame = frames.analyse(
        "The Harbour Authority cast doubt on the Fishermen's Union's claim that the pier had "
        "collapsed, saying divers found the pier intact on Monday.",
        "en",
    )
    assert frame.stance == Stance.QUESTIONS
    assert frame.claim == "the pier had collapsed"
    report, saying = frame.more
    assert (report.source, report.claim) == ("Fishermen's Union", "the pier had collapsed")
    assert (saying.source, saying.stance) == (frame.source, Stance.ASSERTS)
    assert saying.claim.startswith("divers found")


def test_the_one_told_may_be_named_with_what_it_is():
    frame = frames.analyse(
        "A harbour pilot told the broadcaster Sea Radio that the ferry had been held overnight.",
        "en",
    )
    assert frame.relays == ["Sea Radio"]


def test_the_author_of_a_report_is_whole_words():
    """ "заяву Портової адміністрації про Z": "про" is a word of its own,
    not the last letters of the author's name."""
    frame = frames.analyse(
        "Берегова охорона поставила під сумнів заяву Портової адміністрації Одеси про закриття "
        "причалу.",
        "uk",
    )
    (report,) = frame.more
    assert report.source == "Портової адміністрації Одеси"
    assert frame.claim == "закриття причалу."


def test_a_bare_verdict_after_a_dash_denies_a_named_report():
    frame = frames.analyse(
        "Заяви Портової адміністрації про закриття причалу біля Одеси — черговий фейк, "
        "наголосив капітан порту.",
        "uk",
    )
    assert (frame.source, frame.stance) == ("капітан порту", Stance.DENIES)
    assert frame.claim == "закриття причалу біля Одеси"
    (report,) = frame.more
    assert (report.source, report.stance) == ("Портової адміністрації", Stance.ASSERTS)
