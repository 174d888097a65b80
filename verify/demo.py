"""The demo data set: the claims of shared/data/syria-2024-12-02.bg.txt,
curated by hand, with their real sources and relay chains.

`demo_load()` files everything through the same services the desk uses, so
the demo obeys every workflow rule. It is idempotent: a claim already loaded
(same original text) is left alone.

The article does not name the outlet that published it; the register calls
it "Bulgarian news site (demo article)".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.models import Attribution, Claim, Evidence, Stance
from claims.services import claims as claim_services
from sources import services as source_services
from sources.models import Source
from verify import roles
from verify.services.roles import roles_sync
from verify.workflow.services import (
    claim_publish,
    claim_reopen,
    claim_retract,
    claim_take,
    review_submit,
)

ARTICLE_DAY = datetime(2024, 12, 2, 12, 0, tzinfo=UTC)
STORY = "Fall of the Assad regime, Dec 2024"

# --- the source register ----------------------------------------------------

SOURCES: list[dict] = [
    {
        "key": "ru_mod",
        "name": "Russian Ministry of Defence",
        "kind": Source.Kind.GOVERNMENT,
        "country": "RU",
        "aliases": [
            "Russian MoD",
            "Russian defence ministry",
            "Министерство обороны России",
            "руското военно министерство",
            "Министерството на отбраната на Русия",
            "Минобороны России",
            "Минобороны РФ",
            "Міноборони РФ",
            "Russia's Defence Ministry",
            "Russian Defence Ministry",
            "руското министерство на отбраната",
            "министерството на отбраната в Москва",
        ],
        "grade": (
            "D",
            "Party to the conflict; its statements on its own losses are rarely borne out.",
        ),
    },
    {
        "key": "zhuravlyov",
        "name": "Alexander Zhuravlyov",
        "kind": Source.Kind.PERSON,
        "country": "RU",
        "parent": "ru_mod",
        "affiliation": "Colonel General; head of the Russian coordination HQ at Hmeimim",
        "aliases": ["Александър Журавльов", "Александр Журавлёв", "Gen. Zhuravlyov"],
    },
    {
        "key": "hur",
        "name": "Ukrainian military intelligence (HUR)",
        "kind": Source.Kind.INTELLIGENCE_SERVICE,
        "country": "UA",
        "url": "https://gur.gov.ua/",
        "affiliation": "Defence Intelligence of the Ministry of Defence of Ukraine",
        "aliases": [
            "HUR",
            "GUR",
            "ГУР",
            "Defence Intelligence of Ukraine",
            "украинското разузнаване",
            "отбранителното разузнаване на Украйна",
            "Ukrainian intelligence",
            "Ukrainian military intelligence",
            "Main Intelligence Directorate of Ukraine",
            "Main Intelligence Directorate of the Ministry of Defence of Ukraine",
            "Главното разузнавателно управление на Украйна",
            "Головне управління розвідки",
            "Головному управлінні розвідки",
            "українська розвідка",
            "українській розвідці",
            "ГУР МО",
            "ГУР Міноборони",
        ],
        "grade": (
            "C",
            "Party to the conflict with good access; its Syria reporting is often "
            "first and partly confirmed later.",
        ),
    },
    {
        "key": "hur_telegram",
        "name": "HUR on Telegram",
        "kind": Source.Kind.CHANNEL,
        "platform": Source.Platform.TELEGRAM,
        "handle": "@DIUkraine",
        "url": "https://t.me/DIUkraine",
        "country": "UA",
        "parent": "hur",
        "aliases": ["ГУР в Telegram"],
    },
    {
        "key": "clash_report",
        "name": "Clash Report",
        "kind": Source.Kind.CHANNEL,
        "platform": Source.Platform.X,
        "handle": "@clashreport",
        "url": "https://x.com/clashreport",
        "aliases": ["Clash Report (@clashreport)"],
        "grade": (
            "C",
            "Fast aggregator of conflict footage; posts are usually genuine media, "
            "captions sometimes overreach.",
        ),
    },
    {
        "key": "rybar",
        "name": "Rybar",
        "kind": Source.Kind.CHANNEL,
        "platform": Source.Platform.TELEGRAM,
        "handle": "@rybar",
        "url": "https://t.me/rybar",
        "country": "RU",
        "affiliation": "close to the Russian MoD",
        "aliases": ["Рибар", "Рыбарь"],
        "grade": ("D", "Partisan military blog close to the Russian MoD; mixes leaks and spin."),
    },
    {
        "key": "voenen",
        "name": "Military Informant",
        "kind": Source.Kind.CHANNEL,
        "platform": Source.Platform.TELEGRAM,
        "handle": "@milinfolive",
        "url": "https://t.me/milinfolive",
        "country": "RU",
        "affiliation": "close to the Russian MoD",
        "aliases": ["Военен осведомител", "Военный осведомитель"],
    },
    {
        "key": "arabic_channels",
        "name": "Arabic-language channels (unnamed)",
        "kind": Source.Kind.CHANNEL,
        "platform": Source.Platform.TELEGRAM,
        "description": "Unnamed Arabic-language channels the article says spread the news first.",
        "aliases": ["арабскоезичните канали", "Arabic-language channels"],
    },
    {
        "key": "bg_site",
        "name": "Bulgarian news site (demo article)",
        "kind": Source.Kind.NEWS_OUTLET,
        "platform": Source.Platform.WEBSITE,
        "country": "BG",
        "description": "Published the demo article of 2 December 2024; the file does not name it.",
    },
]


# The sources a Syria desk meets every day, with the names the press gives
# them in Latin and Cyrillic script; ingestion resolves them by any of these.
SYRIA_DESK: list[dict] = [
    {"key": "sana", "name": "SANA", "kind": Source.Kind.NEWS_OUTLET, "country": "SY",
     "affiliation": "Syrian state news agency",
     "aliases": ["Syrian Arab News Agency", "САНА", "сирийската държавна агенция САНА",
                 "Сирийската арабска информационна агенция"]},
    {"key": "sohr", "name": "Syrian Observatory for Human Rights", "kind": Source.Kind.ORGANISATION,
     "country": "GB", "affiliation": "London-based monitor, run by Rami Abdulrahman",
     "aliases": ["SOHR", "Syrian Observatory", "Сирийската обсерватория за правата на човека",
                 "Сирийския център за наблюдение на правата на човека",
                 "Сирийска обсерватория за правата на човека",
                 "Сирийская обсерватория по правам человека",
                 "Лондонський центр спостереження за правами людини"]},
    {"key": "abdulrahman", "name": "Rami Abdulrahman", "kind": Source.Kind.PERSON, "parent": "sohr",
     "aliases": ["Rami Abdel Rahman", "Рами Абдулрахман", "Рами Абдель Рахман"]},
    {"key": "afp", "name": "AFP", "kind": Source.Kind.NEWS_OUTLET, "country": "FR",
     "aliases": ["Agence France-Presse", "АФП", "Франс прес", "Франс Прес"]},
    {"key": "reuters", "name": "Reuters", "kind": Source.Kind.NEWS_OUTLET, "country": "GB",
     "aliases": ["Ройтерс", "Рейтер", "Reuters news agency", "агенция Ройтерс"]},
    {"key": "ap", "name": "Associated Press", "kind": Source.Kind.NEWS_OUTLET, "country": "US",
     "aliases": ["AP", "Асошиейтед прес", "Ассошиэйтед Пресс"]},
    {"key": "sy_army", "name": "Syrian Arab Army", "kind": Source.Kind.MILITARY, "country": "SY",
     "aliases": ["Syrian army", "General Command of the Syrian Army", "Сирийската армия",
                 "сирийската армия", "Сирийската арабска армия", "Сирийська армія",
                 "сирийская армия"]},
    {"key": "sy_mod", "name": "Syrian Ministry of Defence", "kind": Source.Kind.GOVERNMENT,
     "country": "SY",
     "aliases": ["Syrian Defense Ministry", "Syrian Ministry of Defense", "Syrian defence ministry",
                 "сирийското министерство на отбраната", "Міністерство оборони Сирії",
                 "Минобороны Сирии"]},
    {"key": "sy_tv", "name": "Syrian state TV", "kind": Source.Kind.NEWS_OUTLET, "country": "SY",
     "aliases": ["Syrian TV", "Syrian state television", "сирийската държавна телевизия",
                 "сирийската телевизия", "сирийское государственное телевидение"]},
    {"key": "hts", "name": "Hayat Tahrir al-Sham", "kind": Source.Kind.MILITARY,
     "aliases": ["HTS", "Хайят Тахрир аш-Шам", "Хаят Тахрир аш Шам", "Хайят Тахрир Аш-Шам"]},
    {"key": "irna", "name": "IRNA", "kind": Source.Kind.NEWS_OUTLET, "country": "IR",
     "aliases": ["Islamic Republic News Agency", "ИРНА"]},
    {"key": "tass", "name": "TASS", "kind": Source.Kind.NEWS_OUTLET, "country": "RU",
     "aliases": ["ТАСС", "ТАСС news agency"]},
    {"key": "ria", "name": "RIA Novosti", "kind": Source.Kind.NEWS_OUTLET, "country": "RU",
     "aliases": ["РИА Новости", "РИА \"Новости\"", "RIA", "РІА Новини"]},
    {"key": "xinhua", "name": "Xinhua", "kind": Source.Kind.NEWS_OUTLET, "country": "CN",
     "aliases": ["Синхуа", "Xinhua News Agency"]},
]  # fmt: skip
SOURCES += SYRIA_DESK

# The register's names in Bulgarian, for the desk's pages, citation lines and
# reasons (sources.SourceName); a name the same in both stays out.
BULGARIAN_NAMES = {
    "Russian Ministry of Defence": "Министерството на отбраната на Русия",
    "Alexander Zhuravlyov": "Александър Журавльов",
    "Ukrainian military intelligence (HUR)": "Украинското военно разузнаване (ГУР)",
    "HUR on Telegram": "ГУР в Telegram",
    "Rybar": "Рибар",
    "Military Informant": "Военен осведомител",
    "Arabic-language channels (unnamed)": "Арабскоезични канали (неназовани)",
    "Bulgarian news site (demo article)": "Български новинарски сайт (демо статия)",
    "SANA": "САНА",
    "Syrian Observatory for Human Rights": "Сирийска обсерватория за човешките права",
    "Rami Abdulrahman": "Рами Абдулрахман",
    "AFP": "АФП",
    "Reuters": "Ройтерс",
    "Associated Press": "Асошиейтед прес",
    "Syrian Arab Army": "Сирийската арабска армия",
    "Syrian Ministry of Defence": "Министерството на отбраната на Сирия",
    "Syrian state TV": "Сирийската държавна телевизия",
    "Hayat Tahrir al-Sham": "Хаят Тахрир аш-Шам",
    "IRNA": "ИРНА",
    "TASS": "ТАСС",
    "RIA Novosti": "РИА Новости",
    "Xinhua": "Синхуа",
}

# --- the claims ---------------------------------------------------------------


@dataclass
class Link:
    """One attribution; `via` names the key of the attribution it relays."""

    key: str
    source: str
    quote: str
    stance: str = Stance.ASSERTS
    via: str | None = None
    url: str = ""


@dataclass
class Verdict:
    credibility: str
    likelihood: str
    confidence: str
    source_reliability: str
    rationale: str


@dataclass
class DemoClaim:
    text: str
    text_en: str
    links: list[Link]
    state: str  # the workflow state the demo leaves it in
    event_date: date | None = None
    event_place: str = ""
    evidence: list[dict] = field(default_factory=list)
    verdict: Verdict | None = None
    reason: str = ""  # for reopened and retracted claims


HUR_LEAD = "Информацията е на украинското разузнаване."

CLAIMS: list[DemoClaim] = [
    DemoClaim(
        text="Руските военни и дипломати започнаха рязко да напускат сирийската столица Дамаск.",
        text_en="Russian military personnel and diplomats began abruptly leaving Damascus.",
        event_date=date(2024, 12, 2),
        event_place="Damascus",
        links=[
            Link("hur", "hur", HUR_LEAD),
            Link(
                "site",
                "bg_site",
                "Руските военни и дипломати започнаха рязко да напускат сирийската столица "
                "Дамаск ... Информацията е на украинското разузнаване.",
                via="hur",
            ),
        ],
        state="published",
        verdict=Verdict(
            "3",
            "roughly_even",
            "low",
            "C",
            "Single origin: Ukrainian military intelligence, a party to the conflict. "
            "No independent confirmation or imagery yet.",
        ),
    ),
    DemoClaim(
        text="В Дамаск избухнаха първите въоръжени сблъсъци.",
        text_en="The first armed clashes broke out in Damascus.",
        event_date=date(2024, 12, 2),
        event_place="Damascus",
        links=[
            Link("hur", "hur", HUR_LEAD),
            Link(
                "site",
                "bg_site",
                "там избухнаха първите въоръжени сблъсъци. Информацията е на украинското "
                "разузнаване.",
                via="hur",
            ),
        ],
        state="new",
    ),
    DemoClaim(
        text="Бунтовниците овладяха Алепо; от цитаделата се спусна палестинското знаме.",
        text_en="Rebels control Aleppo; a Palestinian flag was raised at the Aleppo Citadel.",
        event_date=date(2024, 12, 2),
        event_place="Aleppo",
        links=[
            Link(
                "clash",
                "clash_report",
                "🇵🇸 Palestinian flag raised at Aleppo Citadel, liberated by Syrian rebels now.",
                url="https://x.com/clashreport",
            ),
            Link(
                "site",
                "bg_site",
                "Бунтовниците вече овладяха Алепо, като днес от цитаделата там се спусна "
                "палестинското знаме.",
                via="clash",
            ),
        ],
        evidence=[
            {
                "kind": Evidence.Kind.PHOTO,
                "relation": Evidence.Relation.SUPPORTS,
                "url": "https://pic.twitter.com/b8k505lk1T",
                "description": "Image embedded in Clash Report's post of 2 Dec 2024.",
            }
        ],
        state="published",
        verdict=Verdict(
            "2",
            "likely",
            "moderate",
            "C",
            "Image of the flag at the citadel; rebel control of Aleppo widely reported the "
            "same day. The image itself is not yet geolocated.",
        ),
    ),
    DemoClaim(
        text="Опозиционните сили са завзели град Карназ, северно от Хама.",
        text_en="Opposition forces captured the town of Karnaz, north of Hama.",
        event_date=date(2024, 12, 2),
        event_place="Karnaz",
        links=[
            Link(
                "clash",
                "clash_report",
                "Syrian rebel forces have captured the town of Karnaz in north of Hama. They "
                "started destroying Assad regime propaganda in the town.",
                url="https://x.com/clashreport",
            ),
            Link(
                "site",
                "bg_site",
                "Опозиционните сили са завзели и град Карназ - северно от Хама",
                via="clash",
            ),
        ],
        evidence=[
            {
                "kind": Evidence.Kind.VIDEO,
                "relation": Evidence.Relation.SUPPORTS,
                "url": "https://pic.twitter.com/YdlH4VRx3c",
                "description": "Video embedded in Clash Report's post of 2 Dec 2024.",
            }
        ],
        state="published",
        verdict=Verdict(
            "3",
            "likely",
            "moderate",
            "C",
            "One origin (Clash Report) with video; the town in the video is not yet geolocated.",
        ),
    ),
    DemoClaim(
        text="Руският контингент е изоставил Хама и се е преместил в авиобазата Хмеймим.",
        text_en="The Russian contingent abandoned Hama and moved to the Hmeimim air base.",
        event_place="Hama",
        links=[
            Link("hur", "hur", "Руските сили изоставиха Хама"),
            Link(
                "site",
                "bg_site",
                "Известно е, че руският контингент е изоставил Хама и се е преместил в "
                "авиобазата Хмеймим.",
                via="hur",
            ),
        ],
        state="awaiting_sign_off",
        verdict=Verdict(
            "3",
            "roughly_even",
            "low",
            "C",
            "The article carries HUR's attribution into this paragraph ('добавят'); no "
            "imagery of the move.",
        ),
    ),
    DemoClaim(
        text="Ситуацията е извън контрола на режима на Асад.",
        text_en="The situation is beyond the Assad regime's control.",
        event_place="Hmeimim",
        links=[
            Link("zhuravlyov", "zhuravlyov", "ситуацията е извън контрола на режима на Асад"),
            Link("hur", "hur", "заяви, че ситуацията е извън контрола", via="zhuravlyov"),
            Link(
                "site",
                "bg_site",
                "Генерал-полковник Александър Журавльов - началник на руския координационен "
                "щаб в Хмеймим, заяви, че ситуацията е извън контрола на режима на Асад.",
                via="hur",
            ),
        ],
        state="reopened",
        verdict=Verdict(
            "3",
            "roughly_even",
            "low",
            "F",
            "Quoted through Ukrainian intelligence; no original statement found.",
        ),
        reason="Find Zhuravlyov's original statement; the article gives no link.",
    ),
    DemoClaim(
        text=(
            "Руснаците избягаха от военната база в град Хан Шайхун, оставяйки след себе си "
            "огромен инвентар от оръжия и оборудване."
        ),
        text_en=(
            "The Russians fled the military base in Khan Shaykhun, leaving behind a large "
            "stock of weapons and equipment."
        ),
        event_place="Khan Shaykhun",
        links=[
            Link("hur_tg", "hur_telegram", "руснаците избягаха от военната база в град Хан Шайхун"),
            Link(
                "site",
                "bg_site",
                "Освен това руснаците избягаха от военната база в град Хан Шайхун ... добавят "
                "от отбранителното разузнаване на Украйна в Telegram.",
                via="hur_tg",
            ),
        ],
        state="in_review",
    ),
    DemoClaim(
        text="На 1 декември руски самолети започнаха въздушни удари в Хан Шайхун.",
        text_en="On 1 December Russian aircraft began air strikes on Khan Shaykhun.",
        event_date=date(2024, 12, 1),
        event_place="Khan Shaykhun",
        links=[
            Link("hur", "hur", "смятат още от украинското разузнаване"),
            Link(
                "site",
                "bg_site",
                "На 1 декември руски самолети започнаха въздушни удари в Хан Шайхун. Нападението "
                "най-вероятно е имало за цел да унищожи руски военни активи",
                via="hur",
            ),
        ],
        state="new",
    ),
    DemoClaim(
        text=(
            "Командващият руския контингент в Сирия генерал Сергей Кисел е бил заменен от "
            "генерал Александър Чайко."
        ),
        text_en=(
            "The commander of the Russian contingent in Syria, General Sergei Kisel, was "
            "replaced by General Alexander Chaiko."
        ),
        links=[
            Link(
                "arabic",
                "arabic_channels",
                "по арабскоезичните канали започна да се разпространява новината за оставката "
                "на командващия руския контингент генерал Сергей Кисел",
                stance=Stance.REPORTS_RUMOUR,
            ),
            Link(
                "rybar",
                "rybar",
                "За това пишат и близките до руското военно министерство Telegram канали "
                '"Рибар" и "Военен осведомител".',
                stance=Stance.REPORTS_RUMOUR,
                via="arabic",
                url="https://t.me/rybar",
            ),
            Link(
                "voenen",
                "voenen",
                'За това пишат ... Telegram канали "Рибар" и "Военен осведомител".',
                stance=Stance.REPORTS_RUMOUR,
                via="arabic",
                url="https://t.me/milinfolive",
            ),
            Link(
                "site",
                "bg_site",
                "Твърди се, че Кисел е бил заменен от генерал Александър Чайко.",
                stance=Stance.REPORTS_RUMOUR,
                via="rybar",
            ),
        ],
        state="published",
        verdict=Verdict(
            "6",
            "roughly_even",
            "low",
            "F",
            "Rumour: every report traces back to unnamed Arabic-language channels; the "
            "Russian channels repeat it and add nothing. No official confirmation.",
        ),
    ),
    DemoClaim(
        text="Полковник Вадим Байкулов, който ръководеше група руски специални части, беше "
        "призован в Москва.",
        text_en="Colonel Vadim Baikulov, who led a group of Russian special forces, was "
        "recalled to Moscow.",
        links=[
            Link(
                "rybar",
                "rybar",
                "Полковник Вадим Байкулов ... също беше призован в Москва.",
                stance=Stance.REPORTS_RUMOUR,
            ),
            Link(
                "site",
                "bg_site",
                "Полковник Вадим Байкулов, който ръководеше група руски специални части, също "
                "беше призован в Москва.",
                stance=Stance.REPORTS_RUMOUR,
                via="rybar",
            ),
        ],
        state="in_review",
    ),
    DemoClaim(
        text="Бунтовниците са завзели два склада на режима с 9 БМП, 1 танк Т-72 и 2 танка Т-55.",
        text_en="Rebels seized two regime warehouses holding 9 BMPs, 1 T-72 and 2 T-55 tanks.",
        event_date=date(2024, 12, 2),
        links=[
            Link(
                "clash",
                "clash_report",
                "Spoils of war: Syrian rebels seized two large warehouses belonging to the Assad "
                "regime, storing tanks and BMPs. 9 BMPs 1 T-72 tank 2 T-55 tanks",
                url="https://x.com/clashreport",
            ),
            Link(
                "site",
                "bg_site",
                "В социалните мрежи излиза видео след видео на овладени от бунтовниците танкове",
                via="clash",
            ),
        ],
        evidence=[
            {
                "kind": Evidence.Kind.VIDEO,
                "relation": Evidence.Relation.SUPPORTS,
                "url": "https://pic.twitter.com/lVcdOhCOvn",
                "description": "Footage of the warehouses embedded in Clash Report's post.",
            }
        ],
        state="awaiting_sign_off",
        verdict=Verdict(
            "2",
            "likely",
            "moderate",
            "C",
            "Footage shows the vehicles; count matches the caption. Location not geolocated.",
        ),
    ),
    DemoClaim(
        text="Бунтовниците са пленили още един танк Т-90А от режима на Асад.",
        text_en="Syrian rebels captured another T-90A tank from the Assad regime.",
        event_date=date(2024, 12, 2),
        links=[
            Link(
                "clash",
                "clash_report",
                "NEW: Syrian rebels captured another T-90A tank from Assad regime.",
                url="https://x.com/clashreport",
            ),
        ],
        evidence=[
            {
                "kind": Evidence.Kind.PHOTO,
                "relation": Evidence.Relation.SUPPORTS,
                "url": "https://pic.twitter.com/sCSsBqmrkk",
                "description": "Image embedded in Clash Report's post.",
            }
        ],
        state="retracted",
        verdict=Verdict(
            "2",
            "likely",
            "moderate",
            "C",
            "Image of a T-90A in rebel hands.",
        ),
        reason=(
            "Demo retraction: the image could not be dated to December 2024 (a T-90A was "
            "also captured in 2016), so the verdict was withdrawn."
        ),
    ),
]

# --- people -------------------------------------------------------------------

DEMO_USERS = [
    # username, role, first name, superuser
    ("reviewer", roles.REVIEWER, "Rada Reviewer", False),
    ("reviewer2", roles.REVIEWER, "Ivo Reviewer", False),
    ("editor", roles.EDITOR, "Elena Editor", False),
    ("sourcedesk", roles.SOURCE_DESK, "Stoyan Source-desk", False),
    ("admin", None, "Admin", True),
]


def _demo_user(username: str, role: str | None, full_name: str, superuser: bool, password):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": full_name, "is_staff": True, "is_superuser": superuser},
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user


# --- loading --------------------------------------------------------------------


def _load_sources(desk) -> dict[str, Source]:
    by_key: dict[str, Source] = {}
    for spec in SOURCES:
        spec = dict(spec)
        key = spec.pop("key")
        grade = spec.pop("grade", None)
        parent = spec.pop("parent", None)
        source = Source.objects.filter(name=spec["name"]).first()
        if source is None:
            source = source_services.source_create(
                parent=by_key[parent] if parent else None, **spec
            )
        if spec["name"] in BULGARIAN_NAMES and not source.names.filter(language="bg").exists():
            source_services.source_name_set(
                source=source, language="bg", name=BULGARIAN_NAMES[spec["name"]]
            )
        if grade and not source.ratings.exists():
            source_services.source_grade(
                source=source, grade=grade[0], rationale=grade[1], actor=desk
            )
        by_key[key] = source
    return by_key


def _walk(claim: Claim, spec: DemoClaim, reviewer, editor) -> None:
    """Move a freshly filed claim to the state the demo wants it in."""
    if spec.state == "new":
        return
    claim_take(claim=claim, actor=reviewer)
    if spec.state == "in_review":
        return
    verdict = spec.verdict
    review_submit(
        claim=claim,
        actor=reviewer,
        credibility=verdict.credibility,
        likelihood=verdict.likelihood,
        confidence=verdict.confidence,
        source_reliability=verdict.source_reliability,
        rationale=verdict.rationale,
        evidence=claim.evidence.all(),
    )
    if spec.state == "awaiting_sign_off":
        return
    if spec.state == "reopened":
        claim_reopen(claim=claim, actor=editor, reason=spec.reason)
        return
    claim_publish(claim=claim, actor=editor)
    if spec.state == "retracted":
        claim_retract(claim=claim, actor=editor, reason=spec.reason)


@transaction.atomic
def demo_load(*, password: str | None = None) -> dict[str, int]:
    """Load the demo article's sources and claims; returns what was created.

    With `password`, the demo accounts get it so people can log in;
    without, they exist only as the authors of the demo's reviews.
    """
    roles_sync()
    # Without a password the accounts only author the demo's work; no
    # superuser is made that nobody can vouch for.
    people = {u[0]: _demo_user(*u, password=password) for u in DEMO_USERS if password or not u[3]}
    reviewer, editor = people["reviewer"], people["editor"]
    sources = _load_sources(people["sourcedesk"])
    story = claim_services.tag_get_or_create(name=STORY, kind="story")

    created = 0
    for spec in CLAIMS:
        if Claim.objects.filter(text=spec.text).exists():
            continue
        claim = claim_services.claim_create(
            text=spec.text,
            language="bg",
            text_en=spec.text_en,
            event_date=spec.event_date,
            event_place=spec.event_place,
            tags=[story],
            actor=reviewer,
        )
        links: dict[str, Attribution] = {}
        for link in spec.links:
            links[link.key] = claim_services.attribution_add(
                claim=claim,
                source=sources[link.source],
                stance=link.stance,
                via=links[link.via] if link.via else None,
                url=link.url,
                quote=link.quote,
                published_at=ARTICLE_DAY,
                actor=reviewer,
            )
        for item in spec.evidence:
            # The demo loads offline: its evidence links are not fetched.
            claim_services.evidence_add(claim=claim, actor=reviewer, archive=False, **item)
        _walk(claim, spec, reviewer, editor)
        created += 1
    return {"claims": created, "sources": len(sources)}
