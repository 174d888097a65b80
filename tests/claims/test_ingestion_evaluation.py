"""The strict rule the product is measured by, on gold and candidates
written for the test: whole-word names, the candidate's own text, the
registered source judged (not the phrase), and every wrong candidate named
with what is wrong with it."""

from claims.ingestion.evaluation import (
    INVENTED,
    MISFILED,
    WRONG_ORIGIN,
    WRONG_TEXT,
    score_constructions,
    score_strict,
    strict_covers,
    strict_same,
)
from claims.ingestion.extract import Found, Link


def test_names_match_by_whole_words_not_by_letters():
    assert strict_same("the Syrian Observatory", "Syrian Observatory for Human Rights")
    assert strict_same("Ukraine's air force", "air force of Ukraine")
    assert not strict_same("RIA", "Syrian army")  # "ria" inside "syrian" is not a word of it
    assert not strict_same("he", "the ministry")
    assert not strict_same("Russian Ministry of Defence", "Syrian Ministry of Defence")
    # a spelling of the same name, word by word (the key the register resolves by)
    assert strict_same("Colonel Pyotr Sokolyov", "Pyotr Sokolev")
    assert strict_same("Петро Соколов", "Pyotr Sokolov") is False  # the given names differ
    assert strict_same("Соколов", "Sokolov")
    assert not strict_same("Sokolov", "Sobolev")


def test_a_phrase_naming_a_gold_party_in_another_case_is_not_invented():
    gold = {"file": "t", "claims": [{"text": "the ferry left the harbour at dawn",
            "attributions": [{"origin": ["посольство Ісландії в Осло"], "relays": [],
                              "stance": "asserts"}]}]}  # fmt: skip
    found = [
        Found(1, "", "Порт закрили на тиждень.",
              links=[Link("посольстві Ісландії в Осло", None, "asserts",
                          phrase="посольстві Ісландії в Осло")]),
        Found(2, "", "Порт закрили на тиждень.",
              links=[Link("рибалки", None, "asserts", phrase="рибалки")]),
    ]  # fmt: skip
    score = score_strict(gold, found, _names({}))
    assert [kind for kind, _text in score.errors] == [WRONG_TEXT, INVENTED]


def test_the_candidates_own_text_must_match_not_its_sentence_nor_a_paragraph():
    gold = "the garrison left the northern airfield"
    assert strict_covers("The garrison left the northern airfield on Monday.", gold)
    # half of the gold's words, but most of the candidate is something else
    long = (
        "The garrison left, and farmers harvested wheat near every village road while "
        "merchants opened shops, children played football and buses kept their schedules"
    )
    assert not strict_covers(long, gold)


GOLD = {
    "file": "written.txt",
    "language": "en",
    "claims": [
        {"text": "the garrison left the northern airfield", "attributions": [
            {"origin": ["Coastal Command"], "relays": [["Harbour Wire"]], "stance": "denies"}]},
        {"text": "two bridges over the river were destroyed", "attributions": [
            {"origin": ["Valley Guard"], "relays": [], "stance": "asserts"}]},
    ],
}  # fmt: skip


def _names(registered: dict[int, list[str]]):
    def names_of(link: Link) -> list[str]:
        return registered[link.source] if link.source is not None else [link.phrase or link.name]

    return names_of


def test_found_needs_text_origin_and_the_registered_source_when_resolved():
    names_of = _names({7: ["Harbour Wire"], 9: ["Mountain Guard"]})
    found = [
        Found(1, "", "The garrison left the northern airfield.",
              links=[Link("Coastal Command", None, "denies", phrase="Coastal Command"),
                     Link("Harbour Wire", 7, "denies", 0, phrase="the wire")]),
        # the phrase is right, the register entry it was filed under is not
        Found(2, "", "Two bridges over the river were destroyed.",
              links=[Link("Mountain Guard", 9, "asserts", phrase="Valley Guard")]),
        Found(3, "", "The weather was fine over the hills all week.",
              links=[Link("a farmer", None, "asserts", phrase="a farmer")]),
        Found(4, "", "It rained on the valley road and the fields.",
              links=[Link("Coastal Command", None, "asserts", phrase="Coastal Command")]),
        Found(5, "", "Two bridges over the river were destroyed.",
              links=[Link("Coastal Command", None, "asserts", phrase="Coastal Command")]),
    ]  # fmt: skip
    score = score_strict(GOLD, found, names_of)
    assert (score.found, score.gold) == (1, 2)
    assert (score.true_candidates, score.candidates) == (1, 5)
    assert (score.denials_found, score.denials) == (1, 1)
    assert (score.relays_right, score.relays_checked) == (1, 1)
    kinds = [kind for kind, _text in score.errors]
    assert kinds == [MISFILED, INVENTED, WRONG_TEXT, WRONG_ORIGIN]
    assert score.misses == ["two bridges over the river were destroyed  [origin: ours "
                            "['Mountain Guard', 'Coastal Command']]"]  # fmt: skip


def test_a_construction_is_covered_only_with_relays_and_stance_of_both_examples():
    catalogue = [{
        "id": "xx-01", "language": "en", "name": "written",
        "examples": [
            {"text": "one", "claims": GOLD["claims"][:1]},
            {"text": "two", "claims": GOLD["claims"][1:], "publisher": "Harbour Wire (hw.test)"},
        ],
    }]  # fmt: skip
    right = {
        "one": [Found(1, "", "The garrison left the northern airfield.",
                      links=[Link("Coastal Command", None, "denies", phrase="Coastal Command"),
                             Link("Harbour Wire", None, "denies", 0, phrase="Harbour Wire")])],
        # the publisher's own page: its link is provenance, not a relay the gold names
        "two": [Found(1, "", "Two bridges over the river were destroyed.",
                      links=[Link("Valley Guard", None, "asserts", phrase="Valley Guard"),
                             Link("Harbour Wire", None, "asserts", 0, phrase="Harbour Wire")])],
    }  # fmt: skip
    names_of = _names({})
    (result,) = score_constructions(catalogue, lambda text, publisher: right[text], names_of)
    assert result.covered
    right["one"][0].links.pop()  # the relay lost
    (result,) = score_constructions(catalogue, lambda text, publisher: right[text], names_of)
    assert not result.covered


def test_parallel_relays_are_one_path_each():
    """ "carried by Harbour Wire and Coast Radio": two relays of the same
    origin, one gold attribution per relay, each found on its own path."""
    gold = {"file": "written.txt", "language": "en", "claims": [
        {"text": "the garrison left the northern airfield", "attributions": [
            {"origin": ["Coastal Command"], "relays": [["Harbour Wire"]], "stance": "asserts"},
            {"origin": ["Coastal Command"], "relays": [["Coast Radio"]], "stance": "asserts"}]},
    ]}  # fmt: skip
    found = [
        Found(1, "", "The garrison left the northern airfield.",
              links=[Link("Coastal Command", None, "asserts", phrase="Coastal Command"),
                     Link("Harbour Wire", None, "asserts", 0, phrase="Harbour Wire"),
                     Link("Coast Radio", None, "asserts", 0, phrase="Coast Radio")]),
    ]  # fmt: skip
    score = score_strict(gold, found, _names({}))
    assert (score.relays_right, score.relays_checked) == (2, 2)
    assert score.complete


def test_a_pointer_left_for_the_desk_names_no_origin_yet_an_unnamed_source_does():
    from claims.management.commands.evaluate_ingestion import Command

    command = Command()
    command.aliases = {}
    pointer = Link("the president", None, "denies", phrase="the president", unresolved=True)
    unnamed = Link("two sources", None, "asserts", phrase="two sources", unnamed=True,
                   unresolved=True)  # fmt: skip
    assert command.strict_names(pointer) == []  # "President X" is not found by "the president"
    assert command.strict_names(unnamed) == ["two sources", "two sources"]
