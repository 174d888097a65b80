"""Who an outlet cites, wherever the sentence puts it: between the outlet
and its verb without commas ("X со ссылкой на Y сообщило, что"), after the
claim ("X reported that Z, citing Y"), before the outlet ("Citing Y, X
reported"), or the outlet quoting someone after a
quotation ("«Z», — цитує «Y» речника X"); a relative "whose words Y carries"
names a relay; "In a statement, published on X, Y said" opens with no
speaker; "У заяві X зазначається" names X. Sentences written for the test."""

import pytest

from claims.ingestion import frames


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "cites", "relays", "claim_start"),
    [
        ("Reuters со ссылкой на источники в портовой администрации сообщило, что паром "
         "задержан в порту.", "ru", "Reuters", ["источники в портовой администрации"], [],
         "паром"),
        ("Harbour Weekly reported on Friday that the ferry had been held in port overnight, "
         "citing a source in the port authority.", "en", "Harbour Weekly",
         ["a source in the port authority"], [], "the ferry"),
        ("«Паром затримано в порту до ранку», — цитує «Морське радіо» речника адміністрації "
         "порту.", "uk", "речника адміністрації порту", [], ["«Морське радіо»"], "«Паром"),
        ("Капітан порту, слова якого наводить «Морське радіо», заявив, що пором затримано до "
         "ранку.", "uk", "Капітан порту", [], ["«Морське радіо»"], "пором"),
        # whom it cites first, then the outlet
        ("Citing the harbour authority, the agency reported that ferries were running on time.",
         "en", "the agency", ["the harbour authority"], [], "ferries"),
        ("Позовавайки се на пристанищната администрация, агенцията съобщи, че фериботите "
         "плават по разписание.", "bg", "агенцията", ["пристанищната администрация"], [],
         "фериботите"),
        ("Посилаючись на адміністрацію порту, агентство повідомило, що пороми ходять за "
         "розкладом.", "uk", "агентство", ["адміністрацію порту"], [], "пороми"),
        ("Ссылаясь на администрацию порта, агентство сообщило, что паромы ходят по расписанию.",
         "ru", "агентство", ["администрацию порта"], [], "паромы"),
    ],
)  # fmt: skip
def test_whom_an_outlet_cites(sentence, lang, source, cites, relays, claim_start):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert frame.source.strip() == source
    assert [c.strip() for c in frame.cites] == cites
    assert frame.relays == relays
    assert frame.claim.startswith(claim_start)


@pytest.mark.parametrize(
    ("sentence", "lang", "source", "claim_start"),
    [
        ("In a statement on Tuesday, the Harbour Authority of Varna said the pier had been "
         "closed for repairs.", "en", "the Harbour Authority of Varna", "the pier"),
        ('В изявление, публикувано в "Телеграм", пристанищната охрана заяви, че фериботът е на '
         "котва в залива.", "bg", "пристанищната охрана", "фериботът"),
    ],
)  # fmt: skip
def test_a_statement_opening_the_sentence_is_not_its_speaker(sentence, lang, source,
                                                              claim_start):  # fmt: skip
    frame = frames.analyse(sentence, lang)
    assert frame.source.strip() == source
    assert frame.claim.startswith(claim_start)


def test_the_statement_of_a_body_names_the_body():
    from claims.ingestion.phrases import clean_source

    assert clean_source("У заяві Адміністрації порту Одеси")[0] == "Адміністрації порту Одеси"
    assert clean_source("В официалното си съобщение пристанищната охрана")[0] == (
        "пристанищната охрана"
    )
