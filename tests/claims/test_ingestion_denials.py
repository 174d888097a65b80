"""Denials that ride on another construction: a participle or a joined verb
after the sentence's own claim (", denying reports of Z", ", като отрече
твърденията на Y, че Z"), an aside between the subject and its verb ("X, in
turn, denied"), and a verdict on a report whose speaker is named in the next
sentence ("Reports of Z are untrue. That is according to X."). Sentences
written for the test."""

import pytest

from claims.ingestion import phrases
from claims.ingestion.extract import extract
from claims.ingestion.register import Register
from claims.models import Stance


def _run(text: str, lang: str):
    return extract(text, register=Register(), detect=lambda _t: lang)[1]


def _said(found) -> list[tuple[str, str, str]]:
    return [(item.text, link.phrase or link.name, link.stance)
            for item in found for link in item.links if link.via is None]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "speaker", "asserted", "denied"),
    [
        (
            "The navy spokesman said the port was working as usual, denying reports of an "
            "explosion at the pier.",
            "en", "navy spokesman", "The port was working as usual.",
            "An explosion at the pier.",
        ),
        (
            "The port authority said ferries were running on time, but rejected claims that "
            "the pier had been damaged by a storm.",
            "en", "port authority", "Ferries were running on time.",
            "The pier had been damaged by a storm.",
        ),
        (
            "Речник ВМС заявив, що порт працює в звичному режимі, заперечивши повідомлення "
            "про вибух на причалі.",
            "uk", "Речник ВМС", "Порт працює в звичному режимі.", "Вибух на причалі.",
        ),
        (
            "Пресс-служба порта сообщила, что суда выходят по графику, опровергнув сообщения "
            "о взрыве на причале.",
            "ru", "Пресс-служба порта", "Суда выходят по графику.", "Взрыве на причале.",
        ),
    ],
)  # fmt: skip
def test_a_participle_of_denial_adds_the_speakers_denial(text, lang, speaker, asserted, denied):
    assert _said(_run(text, lang)) == [
        (asserted, speaker, Stance.ASSERTS),
        (denied, speaker, Stance.DENIES),
    ]


@pytest.mark.django_db
def test_the_denied_report_names_its_author_who_asserts_it():
    found = _run(
        "Портовата администрация съобщи, че корабите излизат по график, като отрече "
        "твърденията на Министерството на транспорта, че пристанището е затворено.",
        "bg",
    )
    said = _said(found)
    assert said[:2] == [
        ("Корабите излизат по график.", "Портовата администрация", Stance.ASSERTS),
        ("Пристанището е затворено.", "Портовата администрация", Stance.DENIES),
    ]
    assert said[2] == (
        "Пристанището е затворено.",
        "Министерството на транспорта",
        Stance.ASSERTS,
    )


@pytest.mark.django_db
def test_denying_something_that_is_no_report_adds_nothing():
    found = _run(
        "The port authority said the ferry would sail at noon, denying the crew any shore leave.",
        "en",
    )
    assert [stance for _t, _w, stance in _said(found)] == [Stance.ASSERTS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "speaker", "denied"),
    [
        ("The ministry, in turn, denied reports of a closure of the port last week.",
         "en", "The ministry", "A closure of the port last week."),
        ("Администрация порта, в свою очередь, опровергла слухи о закрытии причала на прошлой "
         "неделе.", "ru", "Администрация порта", "Закрытии причала на прошлой неделе."),
        ("Міністерство, своєю чергою, спростувало повідомлення про закриття порту минулого тижня.",
         "uk", "Міністерство", "Закриття порту минулого тижня."),
        ("Министерството, от своя страна, отрече информацията за затваряне на пристанището.",
         "bg", "Министерството", "Затваряне на пристанището."),
    ],
)  # fmt: skip
def test_an_aside_after_the_subject_is_no_part_of_the_frame(text, lang, speaker, denied):
    assert _said(_run(text, lang)) == [(denied, speaker, Stance.DENIES)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "speaker", "denied", "author"),
    [
        (
            "Публикации СМИ о взрыве в порту не соответствуют действительности. "
            "Об этом сообщил представитель мэрии.",
            "ru", "представитель мэрии", "Взрыве в порту.", "СМИ",
        ),
        (
            "Информацията за взрив в пристанището не отговаря на истината. "
            "Това съобщиха от пристанищната администрация.",
            "bg", "пристанищната администрация", "Взрив в пристанището.", None,
        ),
        (
            "Reports that the pier was damaged in a storm are untrue. "
            "That is according to the harbour authority.",
            "en", "harbour authority", "The pier was damaged in a storm.", None,
        ),
    ],
)  # fmt: skip
def test_a_verdict_on_a_report_said_by_the_source_named_after_it(
    text, lang, speaker, denied, author
):
    said = _said(_run(text, lang))
    assert (denied, speaker, Stance.DENIES) in said
    assert all(stance == Stance.DENIES for _t, who, stance in said if who == speaker)
    if author:  # the report's author said it
        assert (denied, author, Stance.ASSERTS) in said


@pytest.mark.parametrize(
    "phrase", ["Пресс-служба порта", "Прес-служба порту", "экс-министр транспорта"]
)
def test_a_hyphenated_role_names_someone(phrase):
    assert phrases.source_phrase(phrase).kind == phrases.NAME


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "author"),
    [
        ("Reports in the foreign press of a ferry sinking off the breakwater are untrue, the "
         "harbour authority said.", "en", "foreign press"),
        ("Публикации в зарубежных СМИ о затоплении парома у причала не соответствуют "
         "действительности, заявили в администрации порта.", "ru", "зарубежных СМИ"),
    ],
)  # fmt: skip
def test_reports_in_the_media_name_the_media_as_their_author(text, lang, author):
    denied, reported = _said(_run(text, lang))
    assert denied[2] == Stance.DENIES
    assert reported == (denied[0], author, Stance.ASSERTS)


@pytest.mark.django_db
def test_a_claim_after_the_verdict_is_the_same_sources_and_keeps_its_chain():
    found = _run(
        "Публикации местных газет о пожаре на причале не соответствуют действительности, "
        "паромы ходят по расписанию. Об этом сообщает агентство «Порт-Инфо» со ссылкой на "
        "капитана порта.",
        "ru",
    )
    said = {(item.text, link.phrase or link.name, link.stance, link.via)
            for item in found for link in item.links}  # fmt: skip
    assert ("Пожаре на причале.", "капитана порта", Stance.DENIES, None) in said
    assert ("Паромы ходят по расписанию.", "капитана порта", Stance.ASSERTS, None) in said
    assert ("Паромы ходят по расписанию.", "агентство «Порт-Инфо»", Stance.ASSERTS, 0) in said


@pytest.mark.django_db
def test_a_verdict_and_a_claim_after_it_in_the_speakers_own_sentence():
    said = _said(
        _run(
            "Reports that the pier was damaged are untrue, ferries are running on time, the "
            "harbour authority said.",
            "en",
        )
    )
    assert said == [
        ("The pier was damaged.", "harbour authority", Stance.DENIES),
        ("Ferries are running on time.", "harbour authority", Stance.ASSERTS),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "answer"),
    [
        ("The navy said the pier had been damaged by the storm. \"These claims are completely "
         "baseless,\" the harbour authority said.", "en", "harbour authority"),
        ("The navy said the pier had been damaged by the storm. The harbour authority said these "
         "claims were simply far from the truth.", "en", "harbour authority"),
        ("Флотът заяви, че кейът е повреден от бурята. „Тези твърдения са абсолютно невярни“, "
         "заяви пристанищната администрация.", "bg", "пристанищната администрация"),
        ("ВМС заявили, що причал пошкоджено штормом. «Ці твердження не відповідають "
         "дійсності», — заявили в адміністрації порту.", "uk", "адміністрації порту"),
    ],
)  # fmt: skip
def test_a_pointer_at_the_report_with_a_verdict_answers_it(text, lang, answer):
    (report,) = _run(text, lang)
    assert [(link.phrase, link.stance) for link in report.links][1] == (answer, Stance.DENIES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        # a verdict noun phrase with its own adjective and genitive, after a dash; the
        # report's author said it
        ("Твердження Північної групи про захоплення села Вербове — чергова нахабна вигадка ворога, "
         "сказав речник бригади Іван Петренко.", "uk",
         [("Захоплення села Вербове.", "речник бригади Іван Петренко", Stance.DENIES),
          ("Захоплення села Вербове.", "Північної групи", Stance.ASSERTS)]),
        # after a copula: "are another … fantasy"; "the capture" is no one's report
        ("Claims of the capture of the hamlet by the northern group are another sick "
         "fantasy of the enemy, the spokesman Ivan Petrov said.", "en",
         [("The capture of the hamlet by the northern group.", "Ivan Petrov",
           Stance.DENIES)]),
        ("Твърденията за превземането на хижата над селото са поредната глупост, каза "
         "говорителят Иван Петров.", "bg",
         [("Превземането на хижата над селото.", "Иван Петров", Stance.DENIES)]),
    ],
)  # fmt: skip
def test_a_verdict_phrase_after_a_dash_or_a_copula_denies_what_it_judges(text, lang, said):
    assert _said(_run(text, lang)) == said


@pytest.mark.django_db
def test_a_paragraph_saying_who_said_it_answers_for_the_verdict_in_the_paragraph_before():
    found = _run(
        "Заяви окупантів про удар по складу пального у Вербовому — чергова вигадка.\n\n"
        "Про це заявив речник бригади Іван Петренко у коментарі «Вечірньому Вербовому».",
        "uk",
    )
    [denial] = [item for item in found if item.links[0].stance == Stance.DENIES]
    assert denial.text == "Удар по складу пального у Вербовому."
    chain = [(link.phrase or link.name, link.via) for link in denial.links]
    # the one it was told to passes it on, once
    assert chain == [("речник бригади Іван Петренко", None), ("Вечірньому Вербовому", 0)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("The Coastal Brigade posted a video which refutes reports that the lighthouse was "
         "destroyed.", "en", ("The lighthouse was destroyed.", "Coastal Brigade")),
        ("Бригада «Берег» оприлюднила кадри з маяка, які спростовують інформацію про "
         "знищення маяка.", "uk", ("Знищення маяка.", "Бригада «Берег»")),
        ("Бригада «Берег» опубликовала видео с маяка, которое опровергает сообщения о "
         "разрушении маяка.", "ru", ("Разрушении маяка.", "Бригада «Берег»")),
        ("Бригада „Бряг“ публикува кадри от фара, които опровергават твърденията за "
         "разрушаването на фара.", "bg", ("Разрушаването на фара.", "Бригада „Бряг“")),
    ],
)  # fmt: skip
def test_evidence_a_source_published_that_refutes_a_report_is_its_denial(text, lang, said):
    (claim, speaker) = said
    assert _said(_run(text, lang)) == [(claim, speaker, Stance.DENIES)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ('"No, that is simply not true," harbour master Ivan Petrov told a local radio '
         "station, responding to the reports.\n\nEarlier in the day, several outlets reported "
         "that the ferry line to the island had been closed for a month.", "en",
         [("The ferry line to the island had been closed for a month.", "several outlets",
           Stance.ASSERTS),
          ("The ferry line to the island had been closed for a month.",
           "harbour master Ivan Petrov", Stance.DENIES)]),
        ("«Нет, это неправда», — сказал капитан порта Иван Петров.\n\nНакануне газета "
         "«Морские вести» сообщила, что паромная линия на остров закрыта на месяц.", "ru",
         [("Паромная линия на остров закрыта на месяц.", "газета «Морские вести»",
           Stance.ASSERTS),
          ("Паромная линия на остров закрыта на месяц.", "капитан порта Иван Петров",
           Stance.DENIES)]),
    ],
)  # fmt: skip
def test_an_answer_given_before_the_report_goes_to_the_report_given_as_earlier(text, lang, said):
    assert _said(_run(text, lang)) == said


@pytest.mark.django_db
def test_an_answer_with_no_report_before_or_after_it_stays_unfiled():
    found = _run(
        '"No, this is false," harbour master Ivan Petrov said.\n\n'
        "The weather on the island was calm all week, the port authority said.",
        "en",
    )
    assert _said(found) == [
        ("The weather on the island was calm all week.", "port authority", Stance.ASSERTS)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        # "all such claims about Z": determiners before the report noun
        ("«Всі подібні заяви про знищення складів флоту – вигадка», — наголосив речник флоту "
         "Іван Петренко.", "uk", [("Знищення складів флоту.", "речник флоту Іван Петренко",
                                   Stance.DENIES)]),
        ("«Все остальные сообщения о пожаре на складе — выдумка», — сказал капитан порта "
         "Иван Петров.", "ru", [("Пожаре на складе.", "капитан порта Иван Петров",
                                 Stance.DENIES)]),
        ("„Всички останали твърдения за пожара в склада са измислица“, каза капитанът на "
         "пристанището Иван Петров.", "bg",
         [("Пожара в склада.", "капитанът на пристанището Иван Петров", Stance.DENIES)]),
        # a relative clause describing whose lie it is belongs to the verdict, no claim
        ("Reports of a fire at the depot are a lie of people who want panic in the city, the "
         "spokesman Ivan Petrov said.", "en",
         [("A fire at the depot.", "Ivan Petrov", Stance.DENIES)]),
        ("«Порт працює у звичному режимі. Всі подібні заяви про уявне знищення складів – "
         "чергова вигадка пропагандистів, які хочуть паніки в місті, і за це їм соромно», — "
         "наголосив речник флоту Іван Петренко.", "uk",
         [("Порт працює у звичному режимі.", "речник флоту Іван Петренко", Stance.ASSERTS),
          ("Уявне знищення складів.", "речник флоту Іван Петренко", Stance.DENIES)]),
    ],
)  # fmt: skip
def test_a_verdict_on_all_the_other_claims_and_on_whoever_spreads_them(text, lang, said):
    assert _said(_run(text, lang)) == said


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("Coastal Command on Monday rejected claims that the ferry line had been closed for a "
         "month.\n\nIvan Petrov, head of the ferry union, told Harbour Weekly the information "
         "aired by Radio Port was false.", "en",
         ("The ferry line had been closed for a month.", "Ivan Petrov", "Radio Port")),
        ("Береговото командване отрече, че фериботната линия е затворена за месец.\n\n"
         "Информацията, разпространена от Радио Порт, е невярна, каза Иван Петров.", "bg",
         ("Фериботната линия е затворена за месец.", "Иван Петров", "Радио Порт")),
        ("Берегове командування заперечило, що поромну лінію закрито на місяць.\n\n"
         "Інформація, поширена Радіо Порт, є неправдивою, сказав Іван Петренко.", "uk",
         ("Поромну лінію закрито на місяць.", "Іван Петренко", "Радіо Порт")),
        ("Береговое командование опровергло, что паромную линию закрыли на месяц.\n\n"
         "Информация, распространенная Радио Порт, является ложной, сказал Иван Петров.", "ru",
         ("Паромную линию закрыли на месяц.", "Иван Петров", "Радио Порт")),
    ],
)  # fmt: skip
def test_a_verdict_on_the_report_carried_by_someone_answers_the_report_before(text, lang, said):
    claim, denier, carrier = said
    [item] = _run(text, lang)  # no claim of its own
    origins = {(link.phrase or link.name, link.stance) for link in item.links if link.via is None}
    assert item.text == claim
    assert {(denier, Stance.DENIES), (carrier, Stance.ASSERTS)} <= origins


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("The General Staff rejected the loss of Lisne: the garrison still holds the hills "
         "around it.", "en",
         [("The loss of Lisne.", "General Staff", Stance.DENIES),
          ("The garrison still holds the hills around it.", "General Staff", Stance.ASSERTS)]),
        ("Старостат опроверг захват села Лесное: село по-прежнему удерживают защитники.", "ru",
         [("Захват села Лесное.", "Старостат", Stance.DENIES),
          ("Село по-прежнему удерживают защитники.", "Старостат", Stance.ASSERTS)]),
    ],
)  # fmt: skip
def test_after_a_colon_the_denier_says_what_holds_instead(text, lang, said):
    assert _said(_run(text, lang)) == said


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "lang", "denied"),
    [
        ("Maria Ivanova said fake news about the port had multiplied.\n\nAs an example of "
         "such fakes, she cited the report by the Harbour Institute about the closure of the "
         "southern pier and the accusations against the harbour office that it had covered up "
         "the accident.", "en",
         ["The closure of the southern pier.", "It had covered up the accident."]),
        ("Мария Иванова каза, че фалшивите новини за пристанището са се умножили.\n\nКато "
         "пример за тези материали тя цитира доклада на центъра „Морски изследвания“ за "
         "„затварянето на южния кей“ и обвиненията срещу капитанството, че е прикрило "
         "аварията.", "bg", ["Затварянето на южния кей.", "Е прикрило аварията."]),
        ("Марія Іванова сказала, що фейки про порт множаться.\n\nЯк приклад таких публікацій "
         "вона навела доповідь центру «Морські студії» про закриття південного причалу.", "uk",
         ["Закриття південного причалу."]),
        ("Мария Иванова сказала, что фейки о порте множатся.\n\nВ качестве примера таких "
         "публикаций она привела доклад центра «Морские исследования» о закрытии южного "
         "причала.", "ru", ["Закрытии южного причала."]),
    ],
)  # fmt: skip
def test_reports_cited_as_examples_of_fakes_are_denied_by_who_cites_them(text, lang, denied):
    said = _said(_run(text, lang))
    assert [claim for claim, _s, stance in said if stance == Stance.DENIES] == denied
    assert {speaker for _c, speaker, stance in said if stance == Stance.DENIES} == {
        "Maria Ivanova" if lang == "en" else "Мария Иванова" if lang != "uk" else "Марія Іванова"
    }


@pytest.mark.django_db
def test_reports_cited_as_examples_with_no_fake_named_before_are_no_denial():
    found = _run(
        "Maria Ivanova said the port had grown fast.\n\nAs an example of such reports, she "
        "cited the report by the Harbour Institute about the closure of the southern pier.",
        "en",
    )
    assert [item.text for item in found] == ["The port had grown fast."]
