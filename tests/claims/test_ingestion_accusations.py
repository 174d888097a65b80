"""Accusations and other shapes of one verb: "X обвини Y, че са направили
Z" (Y did Z: the accused is the subject), "X обвини Y в Z" (the accusation as
a noun), a perfect "е заявил, че", "продължава да настоява, че" (still a
report), "допълни, че", and an impersonal "няма загинали" that takes no
speaker as its subject. Sentences written for the test."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.register import Register


def _found(text):
    return extract(text, register=Register(), detect=detect_language)[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Пристанищната охрана обвини Варна Шипинг, че е повредила вълнолома край Созопол.",
         "Варна Шипинг е повредила вълнолома край Созопол."),
        ("Пристанищната охрана обвини рибарите в повреждане на вълнолома край Созопол.",
         "Повреждане на вълнолома край Созопол."),
        ("Кметът на Созопол е заявил, че в пристанището са потънали две лодки.",
         "В пристанището са потънали две лодки."),
        ("Кметът на Бургас допълни, че фериботите ще тръгнат отново в петък сутринта.",
         "Фериботите ще тръгнат отново в петък сутринта."),
        ("Кметът на Бургас каза, че няма пострадали при бурята край пристанището.",
         "Няма пострадали при бурята край пристанището."),
    ],
)  # fmt: skip
def test_one_claim_in_the_words_it_stands_on(text, claim):
    (item,) = _found(text)
    assert item.text == claim


def test_an_accusation_needs_a_verb_of_accusing():
    frame = frames.analyse("Кметът на Бургас съобщи пред журналисти в понеделник вечерта.", "bg")
    assert frame is None or frame.cue != "lead_accuse"


def test_a_source_that_keeps_on_saying_it_still_reports():
    frame = frames.analyse(
        "Рибарите съобщават, че уловът е спаднал, а Пристанищната охрана продължава да настоява, "
        "че бурята не е засегнала залива.",
        "bg",
    )
    (other,) = frame.more
    assert other.source.strip() == "Пристанищната охрана"
    assert other.claim.startswith("бурята")
