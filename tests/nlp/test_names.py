"""Names, titles, roles, coreference and entity merging."""

from __future__ import annotations

from storyline.model import Entity
from storyline.nlp.coref import link_mentions, resolve_nominal, resolve_pronoun
from storyline.nlp.dates import said_on
from storyline.nlp.entities import build_index
from storyline.nlp.merge import merge_entities
from storyline.nlp.names import role_after, role_before, short_form_of, split_title


def ents(text: str, *names: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Return NER-like spans for the first occurrence of each (name, label)."""
    out = []
    for name, label in names:
        start = 0
        while (pos := text.find(name, start)) >= 0:
            out.append((pos, pos + len(name), label))
            start = pos + len(name)
    return sorted(out)


def test_split_title_strips_titles_and_honorifics() -> None:
    assert split_title("President Alma Ruud") == ("President", "Alma Ruud")
    assert split_title("Mr. Oskar Brandt's") == ("Mr.", "Oskar Brandt")
    assert split_title("Alma Ruud") == ("", "Alma Ruud")


def test_role_before_name_is_the_title_phrase() -> None:
    text = "This photo shows Finnmark Secretary of State Lena Dovre at a desk."
    assert role_before(text, text.index("Lena")) == "Finnmark Secretary of State"
    text = "said department spokesman Ivo Tamm of the ministry"
    assert role_before(text, text.index("Ivo")) == "department spokesman"


def test_role_after_name_is_the_apposition() -> None:
    text = "said Ivo Tamm, director of the Center for Polar Studies at the Nordal Institute."
    assert (
        role_after(text, text.index(","))
        == "director of the Center for Polar Studies at the Nordal Institute"
    )


def test_short_forms_surname_and_family_name_first() -> None:
    assert short_form_of("Dovre", "Lena Dovre")
    assert short_form_of("Park", "Park Ji-won")
    assert not short_form_of("Lena", "Lena Dovre")
    assert not short_form_of("Ruud", "Lena Dovre")


def test_surname_and_title_join_the_full_name_in_one_entity() -> None:
    text = "Secretary of State Lena Dovre arrived. Dovre said little. The top diplomat left."
    index = build_index(text, ents(text, ("Lena Dovre", "PERSON"), ("Dovre", "PERSON")))
    link_mentions(index)
    [person] = [d for d in index.drafts if d.type == "PERSON"]
    assert person.name == "Lena Dovre"
    assert "Secretary of State" in person.roles
    assert {"Dovre", "the top diplomat"} <= set(person.aliases)


def test_pronoun_resolves_to_first_person_of_nearest_sentence() -> None:
    text = "Oskar Brandt refused to meet Governor Alma Ruud. He left early."
    index = build_index(text, ents(text, ("Oskar Brandt", "PERSON"), ("Alma Ruud", "PERSON")))
    draft = resolve_pronoun(index, "He", text.index("He left"))
    assert draft is not None and draft.name == "Oskar Brandt"


def test_pronoun_gender_skips_a_person_known_to_differ() -> None:
    text = "Spokeswoman Alma Ruud met Oskar Brandt. He spoke first."
    index = build_index(text, ents(text, ("Alma Ruud", "PERSON"), ("Oskar Brandt", "PERSON")))
    draft = resolve_pronoun(index, "He", text.index("He spoke"))
    assert draft is not None and draft.name == "Oskar Brandt"


def test_nominal_prefers_role_with_matching_nationality() -> None:
    text = "Finnmark Foreign Minister Lena Dovre met Nordal Foreign Minister Alma Ruud. The top Finnmark diplomat spoke."
    index = build_index(text, ents(text, ("Lena Dovre", "PERSON"), ("Alma Ruud", "PERSON")))
    draft = resolve_nominal(index, "the top Finnmark diplomat", text.index("The top"))
    assert draft is not None and draft.name == "Lena Dovre"


def test_weekday_resolves_to_the_latest_such_day_on_or_before_publication() -> None:
    assert said_on("broadcast Monday", "2022-03-09T10:00:00+09:00") == "2022-03-07"
    assert said_on("on Wednesday", "2022-03-09") == "2022-03-09"
    assert said_on("on May 23", "2022-05-24") == "2022-05-23"
    assert said_on("no date here", "2022-05-24") is None


def test_merge_joins_short_name_to_unique_full_name_across_articles() -> None:
    entities = [
        Entity("e1", "Lena Dovre", "PERSON", ("Secretary of State",)),
        Entity("e2", "Dovre", "PERSON"),
        Entity("e3", "Lena Dovre", "PERSON"),
    ]
    canonical, mapping = merge_entities(entities)
    assert len(canonical) == 1 and canonical[0].name == "Lena Dovre"
    assert mapping["e1"] == mapping["e2"] == mapping["e3"] == canonical[0].id


def test_merge_keeps_ambiguous_short_name_and_other_types_apart() -> None:
    entities = [
        Entity("e1", "Park Ji-won", "PERSON"),
        Entity("e2", "Park Min-ho", "PERSON"),
        Entity("e3", "Park", "PERSON"),
        Entity("e4", "Moon", "LOC"),
        Entity("e5", "Moon Jae-in", "PERSON"),
    ]
    canonical, mapping = merge_entities(entities)
    assert len({mapping[e] for e in ("e1", "e2", "e3")}) == 3
    assert mapping["e4"] != mapping["e5"]
