"""The language rules of ingestion, one sentence at a time: frames, source
phrases, carrying a report on, the story's wire, and resolving names
against the register. The sentences are written for these tests (the real
articles are in ../shared and scored by the harness)."""

import pytest

from claims.ingestion import frames
from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.phrases import clean_source
from claims.ingestion.register import Register, guess_kind, latin_key
from claims.models import Candidate, Stance
from claims.services.ingestion import candidate_accept, ingestion_job_create, ingestion_run
from sources.models import Source
from sources.services import source_create


@pytest.mark.parametrize(
    ("lang", "sentence", "source", "claim_starts", "stance", "relays"),
    [
        # a renarrated verb, then the agency that passed it on
        (
            "bg",
            "Съобщенията за свален самолет са измислица, е заявило министерството на "
            "отбраната, предаде БТА.",
            "министерството на отбраната",
            "свален самолет",  # "reports of Z are a fabrication": Z denied
            Stance.DENIES,
            ["БТА"],
        ),
        # "От X отхвърлиха публикации, че …": a denial with its object
        (
            "bg",
            "От щаба на армията отхвърлиха публикации, че градът е паднал през нощта.",
            "щаба на армията",
            "градът е паднал",
            Stance.DENIES,
            [],
        ),
        # a denial with no "that"
        (
            "ru",
            "Тем временем командование опровергает отвод своих частей из пригородов столицы.",
            "командование",
            "отвод своих частей",
            Stance.DENIES,
            [],
        ),
        ("en", "It is not true that the bridge was destroyed, the governor said.", "the governor",
         "the bridge was destroyed", Stance.DENIES, []),
        # "told X": X passes it on
        ("en", "A local commander told Reuters the convoy had turned back at the border.",
         "A local commander", "the convoy had turned", Stance.ASSERTS, ["Reuters"]),
        # a report inside a report: the outer source passed it on
        ("bg", "Властите в региона смятат, че пристанището е затворено, уточнява Фокус.",
         "Властите в региона", "пристанището е затворено", Stance.ASSERTS, ["Фокус"]),
        # the outlet spoken to passes it on
        ("bg", "Пред телевизия „Ал Джазира“ той каза, че преговорите продължават.", "той",
         "преговорите продължават", Stance.ASSERTS, ["телевизия „Ал Джазира“"]),
        # "announced about" + noun
        ("uk", "Міністерство оборони оголосило про відведення підрозділів з околиць міста.",
         "Міністерство оборони", "відведення підрозділів", Stance.ASSERTS, []),
        # a sentence that is not a source, after "…, said"
        ("en", "Earlier, the monitoring group said at least nine people were killed in the strike.",
         "the monitoring group", "at least nine people", Stance.ASSERTS, []),
    ],
)  # fmt: skip
def test_frames(lang, sentence, source, claim_starts, stance, relays):
    frame = frames.analyse(sentence, lang)
    assert frame is not None
    assert clean_source(frame.source)[0] == source
    assert frame.claim.startswith(claim_starts)
    assert frame.stance == stance
    assert frame.relays == relays


def test_a_noun_after_an_article_is_not_a_verb():
    """ "The state news agency": "state" here names, it does not report."""
    frame = frames.analyse("The state news agency said the dam on the river was intact.", "en")
    assert clean_source(frame.source)[0] == "The state news agency"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("В частности, Иван Петров, представитель штаба", "Иван Петров"),
        ("DAMASCUS - Syria's state TV on Sunday", "Syria's state TV"),
        ("The agency didn't comment on the figures, but", "The agency"),
        ('източници на "Ройтерс', "източници на Ройтерс"),
        ("Despite this, it", "it"),
    ],
)
def test_source_phrases_are_cleaned(phrase, name):
    assert clean_source(phrase)[0] == name


def test_the_same_name_in_any_script_gets_one_key():
    assert latin_key("Журавльов") == latin_key("Zhuravlyov")
    assert latin_key("Хмеймим") == latin_key("Khmeimim") == latin_key("Hmeimim")
    assert latin_key("Хмеймім") == latin_key("Hmeimim")


@pytest.mark.parametrize(
    ("name", "description", "kind"),
    [
        ("Munir Sayal", "head of the political wing of the group", Source.Kind.PERSON),
        ("the Saudi-funded al-Arabiya TV", "", Source.Kind.NEWS_OUTLET),
        ("агенция Анадолу", "", Source.Kind.NEWS_OUTLET),
        ("сирийските военни", "", Source.Kind.MILITARY),
        ("Министерството на вътрешните работи", "", Source.Kind.GOVERNMENT),
        ("Rebel Telegram channel", "", Source.Kind.CHANNEL),
        ("Служба безпеки, розвідка", "", Source.Kind.INTELLIGENCE_SERVICE),
        ("Кто-то", "", Source.Kind.OTHER),
    ],
)
def test_a_new_source_gets_a_guessed_kind(name, description, kind):
    assert guess_kind(name, description) == kind


@pytest.mark.django_db
def test_the_register_finds_a_source_under_any_name():
    hur = source_create(
        name="Ukrainian military intelligence (HUR)",
        kind=Source.Kind.INTELLIGENCE_SERVICE,
        aliases=["GUR", "Ukrainian intelligence", "Головне управління розвідки"],
    )
    general = source_create(
        name="Alexander Zhuravlyov", kind=Source.Kind.PERSON, aliases=["Олександр Журавльов"]
    )
    register = Register()

    def found(phrase):
        return register.resolve(phrase)[0].source_id

    assert found("the Gur") == hur.pk
    assert found("Головному управлінні розвідки") == hur.pk  # declined
    assert found("Ukrainian intelligence") == hur.pk
    assert found("Colonel General Alexander Zhuravlev") == general.pk  # five letters a word
    (near,) = Register().resolve("Colonel General Alexander Zhuravlev")
    assert near.resolution == "transliteration"  # -ev, -ov, -yov: one surname ending
    assert register.resolve("Головному управлінні розвідки")[0].resolution == "declension-blind"
    assert found("Александр Журавлёв") == general.pk  # Russian spelling
    assert found("Alexander Petrov") is None
    new = register.resolve("Munir Sayal, head of the political wing of Ahrar al-Sham")[0]
    assert (new.name, new.kind) == ("Munir Sayal", Source.Kind.PERSON)
    assert new.description == "head of the political wing of Ahrar al-Sham"


@pytest.mark.django_db
def test_accepting_a_new_source_keeps_its_kind_and_affiliation(reviewer):
    job = ingestion_job_create(
        actor=reviewer,
        text="Munir Sayal, head of the political wing of the Free Brigade, said that the "
        "ceasefire talks had collapsed overnight.",
    )
    ingestion_run(job_pk=job.pk)
    candidate = Candidate.objects.get(job=job)
    candidate_accept(candidate=candidate, actor=reviewer)
    source = Source.objects.get(name="Munir Sayal")
    assert source.kind == Source.Kind.PERSON
    assert source.affiliation == "head of the political wing of the Free Brigade"
    assert source.pending  # proposed: the source desk accepts it before it is public


def _found(text):
    return extract(text, register=_EmptyRegister(), detect=detect_language)[1]


class _EmptyRegister(Register):
    """A register that knows nobody: every source is new."""

    def __init__(self):
        self.by_first, self.names, self.channels = {}, {}, {}
        self.fuzzy_keys, self.fuzzy_ids = [], []
        self.bags, self.said_by, self.known_as, self.countries = {}, {}, {}, {}


def test_a_paragraph_that_opens_with_a_report_carries_on():
    found = _found(
        "The army command said that the northern road was cut. Two bridges were damaged. "
        "Fuel convoys are waiting at the checkpoint.\n\n"
        "The weather in the region was cold all week."
    )
    assert [f.text for f in found] == [
        "The northern road was cut.",
        "Two bridges were damaged.",
        "Fuel convoys are waiting at the checkpoint.",
    ]
    assert {f.links[0].name for f in found} == {"army command"}
    assert [f.cue for f in found][1:] == ["carried", "carried"]


def test_a_marked_sentence_carries_on_and_lines_about_the_reporting_do_not():
    found = _found(
        "Местните власти съобщиха, че водата е спряна в три квартала.\n\n"
        "Крім того, the hospital generator is running out of fuel today.\n\n"
        "Информацията не е потвърдена от независими източници."
    )
    assert len(found) == 2
    assert found[1].cue == "carried"
    assert found[1].links[0].name == "Местните власти"


def test_adding_that_is_a_second_claim_by_the_same_speaker():
    found = _found('"The town is surrounded," the mayor said, adding that food would last a week.')
    assert [f.text for f in found] == ["The town is surrounded.", "Food would last a week."]
    # no mayor named before: the same phrase, left for the desk to pick, both times
    assert [(f.links[0].name, f.links[0].unresolved) for f in found] == [
        ("the mayor", True), ("the mayor", True)]  # fmt: skip


@pytest.mark.parametrize(
    "opening",
    [
        "Rebels cut the road Wires, May 3, 2024.\n\n",  # byline
        "Rebels cut the road, Wires reported.\n\n",  # not a wire: no passing-on verb
    ],
)
def test_the_story_wire_relays_every_claim(opening):
    found = _found(opening + "The governor said that the airport was closed for a week.")
    names = [link.name for link in found[-1].links]
    if "reported" in opening:
        assert "Wires" not in names[1:]
    else:
        assert names == ["The governor", "Wires"]  # nobody named "governor" before: the desk picks
        assert found[-1].links[1].via == 0


def test_a_text_with_one_paragraph_per_line_splits_at_every_line():
    found = _found(
        "The ministry said that the mountain pass was open.\nIt was snowing in the capital all day."
    )
    assert [f.text for f in found] == ["The mountain pass was open."]


def test_another_language_is_detected_and_its_embedded_posts_still_extracted():
    """German: no frames for it, but no crash, the language stored, and the
    embedded post credited to its author, its words kept as the quote."""
    language, found, _ = extract(
        "Die Rebellen haben am Montag die Stadt eingenommen, berichtet die Agentur.\n\n"
        "Rebels raised their flag over the citadel this morning. "
        "pic.twitter.com/abc123 — Clash Report (@clashreport) December 2, 2024\n\n"
        "Die Lage in der Region bleibt nach Angaben der Behörden weiterhin sehr angespannt.",
        register=_EmptyRegister(),
        detect=detect_language,
    )
    assert language == "de"
    posts = [f for f in found if f.links and "Clash Report" in f.links[0].name]
    assert len(posts) == 1  # the sentence the post backs, with the post's own words
    assert "flag over the citadel" in posts[0].links[0].quote
    assert posts[0].links[0].kind == Source.Kind.CHANNEL
