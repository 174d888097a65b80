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
