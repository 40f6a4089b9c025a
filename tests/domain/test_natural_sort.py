"""The natural sort key: numbers by value, the rest case-folded, one text key a database can sort by."""

from __future__ import annotations

import random

from desktop_app.domain.natural_sort import natural_key


def test_numbers_sort_by_value_wherever_they_are() -> None:
    names = ["App 10", "App 2", "app 1", "App 100", "v1.10", "v1.9", "2 apps", "10 apps", "App", "App 0"]
    assert sorted(names, key=natural_key) == [
        "2 apps", "10 apps", "App", "App 0", "app 1", "App 2", "App 10", "App 100", "v1.9", "v1.10",
    ]


def test_text_is_compared_case_folded_beyond_ascii() -> None:
    assert natural_key("STRASSE 2") == natural_key("straße 2")
    assert natural_key("ÄRZTE 10") == natural_key("ärzte 10") != natural_key("arzte 10")
    assert natural_key("B") > natural_key("a")


def test_leading_zeros_tie_and_long_numbers_stay_ordered() -> None:
    assert natural_key("App 002") == natural_key("App 2")
    assert natural_key("App 99999999999999999999") < natural_key("App 100000000000000000000")
    huge = "9" * 150
    assert natural_key(f"x {huge}") > natural_key(f"x {'9' * 99}")


def test_the_key_agrees_with_a_tuple_natural_order() -> None:
    import re

    def reference(text: str) -> list[tuple[int, int | str]]:
        # The textbook natural order: split into numbers and text, compare part by part.
        return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"([0-9]+)", text.casefold()) if p]

    rng = random.Random(15)
    alphabet = "ab A-9 0123"
    for _ in range(2000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        ra, rb = reference(a), reference(b)
        if ra == rb:
            continue
        # Only where the reference is unambiguous: the first differing parts are two numbers, or two texts
        # neither of which begins the other (where one does, the key compares the next character as text does).
        (ka, pa), (kb, pb) = next((x, y) for x, y in zip([*ra, (-1, "")], [*rb, (-1, "")], strict=False) if x != y)
        if ka != kb or (ka == 1 and (str(pa).startswith(str(pb)) or str(pb).startswith(str(pa)))):
            continue
        assert (natural_key(a) < natural_key(b)) == (ra < rb), (a, b)
