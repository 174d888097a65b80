"""The outlet a source spoke to passes the claim on, wherever the sentence
names it: before a long speaker ("В интервю за „Морски вестник“ капитанът
на пристанището каза"), after the speaker ("X в эфире телеканала Y
заявил"), after the verb ("заяви пред Y, че", "сказал в интервью Y, что"),
or as the one told without a preposition in Ukrainian and Russian
("рассказал «Морским новостям», что"). The press in general passes nothing
on. Sentences written for the test."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import spoken_to
from claims.ingestion.register import Register


@pytest.mark.parametrize(
    ("phrase", "who", "to"),
    [
        ("В интервю за „Морски вестник“ капитанът на пристанището", "капитанът на пристанището",
         "„Морски вестник“"),
        ("В інтерв’ю Harbour Weekly командир берегової охорони", "командир берегової охорони",
         "Harbour Weekly"),
        ("Капитан порта в эфире телеканала «Море 24»", "Капитан порта",
         "телеканала «Море 24»"),
        # "in a comment to Y": Y was told it
        ("Речник порту у коментарі «Морському тижню»", "Речник порту", "«Морському тижню»"),
        ("Капитан порта в комментарии «Морской газете»", "Капитан порта", "«Морской газете»"),
        ("Капитанът на пристанището в коментар за „Морски вестник“", "Капитанът на пристанището",
         "„Морски вестник“"),
        ("the harbour master in a comment to Harbour Weekly", "the harbour master",
         "Harbour Weekly"),
        ("Капитанът на пристанището", "Капитанът на пристанището", ""),
    ],
)  # fmt: skip
def test_the_outlet_spoken_to_is_told_apart_from_the_speaker(phrase, who, to):
    assert spoken_to(phrase) == (who, to)


@pytest.mark.parametrize(
    ("sentence", "lang", "relays"),
    [
        ("Капитанът на пристанището заяви пред Морска телевизия, че кеят е затворен.", "bg",
         ["Морска телевизия"]),
        ("Капитан порта сказал в интервью «Морским новостям», что причал закрыт.", "ru",
         ["«Морским новостям»"]),
        ("Капитан порта рассказал «Морским новостям», что причал закрыт.", "ru",
         ["«Морским новостям»"]),
        ("Капітан порту розповів «Морському радіо», що причал закрито.", "uk",
         ["«Морському радіо»"]),
        ("Капитанът на пристанището каза пред журналисти, че кеят е затворен.", "bg", []),
        ("Капитан порта рассказал журналистам, что причал закрыт.", "ru", []),
    ],
)  # fmt: skip
def test_the_outlet_told_after_the_verb_passes_it_on(sentence, lang, relays):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.relays == relays


@pytest.mark.django_db
def test_a_story_told_to_an_agency_relays_that_speakers_reports_only():
    text = (
        "Про це повідомили «Морському радіо» в Адміністрації порту Одеси.\n\n"
        "«Причал закрито до ранку», — зазначили в адміністрації порту Одеси.\n\n"
        "Капітан Іван Петренко заявив, що пором прибуде завтра."
    )
    found = extract(text, register=Register(), detect=detect_language)[1]
    chains = {item.text: [link.name for link in item.links] for item in found}
    closed = next(chain for text, chain in chains.items() if text.startswith("Причал"))
    ferry = next(chain for text, chain in chains.items() if "пором" in text.lower())
    assert "Морському радіо" in closed[-1]
    assert not any("Морському радіо" in name for name in ferry)


@pytest.mark.django_db
def test_a_new_spokesperson_keeps_the_title_that_heads_the_phrase():
    text = "A spokesman for the Harbour Authority of Varna said the pier was closed for repairs."
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.links[0].name == "spokesman for the Harbour Authority of Varna"
    text = "General Ivan Petrov said the pier was closed for repairs."
    (item,) = extract(text, register=Register(), detect=detect_language)[1]
    assert item.links[0].name == "Ivan Petrov"
