"""Finding registry names in running text: whole words, longest name first, every spelling."""

from __future__ import annotations

from generator.content.mentions import NameMatcher

PEOPLE = NameMatcher(
    {
        "Vladimir Putin": "vladimir-putin",
        "President Putin": "vladimir-putin",
        "Putin": "vladimir-putin",
        "Vladimir Zelensky": "vladimir-zelensky",
        "Kim Jong-un": "kim-jong-un",
        "Dmitry Peskov": "dmitry-peskov",
        "Peskov": "dmitry-peskov",
    }
)


def found(matcher, text):
    return [(m.id, m.start, m.text) for m in matcher.find(text)]


def test_the_longest_name_at_a_place_wins_and_the_scan_goes_on_after_it():
    text = "Vladimir Putin met Vladimir Zelensky; Putin left."
    assert found(PEOPLE, text) == [
        ("vladimir-putin", 0, "Vladimir Putin"),
        ("vladimir-zelensky", 19, "Vladimir Zelensky"),
        ("vladimir-putin", 38, "Putin"),
    ]


def test_names_inside_longer_words_do_not_count():
    assert found(PEOPLE, "Putinism and anti-Putin; Peskovs, xPeskov") == [("vladimir-putin", 18, "Putin")]


def test_hyphen_and_space_spellings_of_one_name():
    assert PEOPLE.ids("Kim Jong Un, then Kim Jong-Un, then Kim Jong-un.") == ["kim-jong-un"]
    assert [m.text for m in PEOPLE.find("Kim Jong Un, then Kim Jong-Un")] == ["Kim Jong Un", "Kim Jong-Un"]


def test_a_first_word_alone_is_not_a_name():
    assert found(PEOPLE, "Vladimir said so. President Obama") == []


def test_people_match_as_written_tags_in_any_case():
    tags = NameMatcher({"Sanctions": "sanctions", "Black Sea": "black-sea"}, ignore_case=True)
    assert tags.ids("New SANCTIONS on the black sea ports") == ["sanctions", "black-sea"]
    assert found(PEOPLE, "putin and peskov") == []


def test_no_names_finds_nothing():
    assert NameMatcher({}).find("Putin") == []
