"""A candidate is one self-contained claim: the speaker restored as the
subject where the reported clause has none, no dateline, one statement per
candidate, and a cut-off sentence left cut off. Sentences written for the test."""

import pytest

from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import dateline
from claims.ingestion.register import Register
from claims.ingestion.text import restore_subject, split_sentences, tidy


@pytest.mark.parametrize(
    ("claim", "subject", "code", "restored"),
    [
        ("е изгубила контрола над пристанището.", "Армията", "bg",
         "Армията е изгубила контрола над пристанището."),
        ("контролира моста.", "Армията", "bg", "Армията контролира моста."),
        ("втратила контроль над портом.", "Армія", "uk", "Армія втратила контроль над портом."),
        ("потеряла контроль над портом.", "Армия", "ru", "Армия потеряла контроль над портом."),
        ("не контролирует порт.", "Армия", "ru", "Армия не контролирует порт."),
        ("it shot down 12 drones overnight.", "The coastal guard", "en",
         "The coastal guard shot down 12 drones overnight."),
        # a subject of its own stays
        ("бойовики захопили порт.", "Армія", "uk", "бойовики захопили порт."),
        ("вълноломът е разрушен от бурята.", "Съюзът", "bg", "вълноломът е разрушен от бурята."),
        # an infinitive opens no subjectless clause ("to speak of it is too early")
        ("говорити про відкриття порту зарано.", "Речник", "uk",
         "говорити про відкриття порту зарано."),
        ("rebels took the port.", "The army", "en", "rebels took the port."),
    ],
)  # fmt: skip
def test_the_speaker_becomes_the_subject_of_a_clause_without_one(claim, subject, code, restored):
    assert restore_subject(claim, subject, code) == restored


@pytest.mark.django_db
def test_a_report_gives_a_claim_that_stands_on_its_own():
    text = "Армията на Фредония призна, че е изгубила контрола над пристанището на север."
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.text == "Армията на Фредония е изгубила контрола над пристанището на север."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # a body named only by its common noun is still the subject ("the army", no one before)
        ("Армията призна, че е изгубила контрола над северния кей.",
         "Армията е изгубила контрола над северния кей."),
        ("The coastal guard said it had downed 12 drones overnight.",
         "The coastal guard had downed 12 drones overnight."),
        # in the speaker's own words "it" is not the speaker
        ('"It is a tragedy for the whole town," mayor Ivan Petrov said.',
         "It is a tragedy for the whole town."),
        # a pronoun with nobody before it gives no subject
        ("She said that it had downed 12 drones overnight.",
         "It had downed 12 drones overnight."),
    ],
)  # fmt: skip
def test_whose_subject_a_claim_gets(text, claim):
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.text == claim


@pytest.mark.django_db
def test_a_denial_keeps_the_denied_claims_own_wording():
    """ "X denied Y's claim that [Y] took Z": the denier is not the subject."""
    text = "Армията на Фредония отрече твърденията на съседите, че е превзела пристанището."
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert not item.text.startswith("Армията")


@pytest.mark.parametrize(
    ("paragraph", "agency", "rest"),
    [
        ("HARBOURTOWN (Wirecast) - The guard said the bridge fell.", "Wirecast",
         "The guard said the bridge fell."),
        ("ПРИСТАНИЩЕ, 5 декабря. /Вестник/. Армия сообщила, что мост разрушен.", "Вестник",
         "Армия сообщила, что мост разрушен."),
        ("ПОРТОВЕ, 3 грудня – Армія заявила, що міст зруйновано.", "",
         "Армія заявила, що міст зруйновано."),
        ("The guard said the bridge fell.", "", "The guard said the bridge fell."),
    ],
)  # fmt: skip
def test_datelines_are_stripped_from_every_paragraph(paragraph, agency, rest):
    assert dateline(paragraph) == (agency, rest)


def test_a_cut_off_sentence_is_not_completed_with_a_full_stop():
    assert tidy("the bridge was closed") == "The bridge was closed."
    assert tidy("the bridge was closed and the", complete=False) == "The bridge was closed and the"


@pytest.mark.django_db
def test_each_statement_of_a_post_is_its_own_candidate():
    text = (
        "The ferries stopped at dawn. Two bridges over the river were closed to traffic. "
        "— Harbour Watch (@harbourwatch) March 3, 2025"
    )
    found = extract(text, register=Register(), detect=detect_language)[1]
    assert [f.text for f in found] == [
        "The ferries stopped at dawn.",
        "Two bridges over the river were closed to traffic.",
    ]
    assert {f.links[0].name for f in found} == {"Harbour Watch (@harbourwatch)"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "stance", "claim_word"),
    [
        ("The Valley Guard called the reports of a retreat from the northern bridge fake.",
         "denies", "retreat"),
        ("Пристанищната охрана нарече фалшиви твърденията, че фериботът е потънал край Варна.",
         "denies", "фериботът"),
        ("Портова варта назвала фейком повідомлення про затоплення порому біля Одеси.",
         "denies", "затоплення"),
        ("Портовая охрана назвала вбросом сообщения о затоплении парома у Сочи.",
         "denies", "затоплении"),
        ("The Valley Guard doubted that the ferry had sunk near the northern pier.",
         "questions", "ferry"),
        ("Пристанищната охрана се усъмни, че фериботът е потънал край Варна.",
         "questions", "фериботът"),
        ("The Valley Guard vowed that the northern bridge would reopen within a week.",
         "asserts", "bridge"),
        ("Портовая охрана пригрозила, что закроет северный мост на неделю.",
         "asserts", "мост"),
    ],
)  # fmt: skip
def test_verdicts_doubts_and_pledges_carry_their_stance(text, stance, claim_word):
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.links[0].stance == stance
    assert claim_word in item.text.lower()


def test_a_full_stop_run_into_the_next_sentence_still_ends_it():
    assert split_sentences(
        "Паромът е задържан в залива.Екипажът е на борда. Вижте U.S.A. днес."
    ) == [
        "Паромът е задържан в залива.",
        "Екипажът е на борда.",
        "Вижте U.S.A. днес.",
    ]
    assert split_sentences("Details at port-news.bg. More later.") == [
        "Details at port-news.bg.",
        "More later.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Армията на Портландия съобщи, че е превзела Портово, на 25 км от Варна.",
         "Армията на Портландия е превзела Портово."),
        ("The ministry said its forces had taken the village of Portovo, about 12 km south of "
         "the harbour.", "Its forces had taken the village of Portovo."),
        ("Міноборони заявило, що війська зайняли село Портове, що за 12 км від гавані.",
         "Війська зайняли село Портове."),
        ("Минобороны заявило, что войска заняли село Портовое, в 12 км от гавани.",
         "Войска заняли село Портовое."),
    ],
)  # fmt: skip
def test_where_a_place_lies_is_background_not_the_claim(text, claim):
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.text == claim


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "claim", "source"),
    [
        ("Селото се намира близо до залива - район, в който армията на Портландия обяви, че е "
         "превзела няколко пристанища.",
         "Армията на Портландия е превзела няколко пристанища.", "армията на Портландия"),
        ("The village lies near the bay, an area where the Portlandian army said it had taken "
         "several harbours this week.",
         "The Portlandian army had taken several harbours this week.", "Portlandian army"),
        ("Село лежить біля затоки, в районі, де армія Портландії заявила, що захопила кілька "
         "гаваней.", "Армія Портландії захопила кілька гаваней.", "армія Портландії"),
        # a relative clause that reports nothing stays in the claim
        ("The port, where ferries normally dock, was closed on Monday, the harbour authority "
         "said.", "The port, where ferries normally dock, was closed on Monday.",
         "harbour authority"),
    ],
)  # fmt: skip
def test_a_report_in_a_relative_clause_of_place(text, claim, source):
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert (item.text, item.links[0].phrase) == (claim, source)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "„Нека се тревожат за флота си“, каза адмиралът Иван Петров.",
        "«Нехай хвилюються за свій флот», — сказав адмірал Іван Петренко.",
        "«Пусть волнуются за свой флот», — сказал адмирал Иван Петров.",
        '"Let them worry about their own fleet," admiral Ivan Petrov said.',
    ],
)
def test_a_wish_is_no_claim(text):
    assert extract(text, register=Register(), detect=detect_language)[1] == []
