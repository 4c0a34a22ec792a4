"""The tokeniser's ASCII pattern: the same words as the full pattern, in ASCII text."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.text import keys

# the ASCII pattern before its runs were made possessive
_PLAIN = re.compile(r"([A-Za-z0-9]+(?:(?:['`.\-]{1,2}|(?<=\d)[,.](?=\d))[A-Za-z0-9]+)*)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZq09 ,.'`-\n\t\"_!x1", max_size=40))
def test_the_ascii_pattern_splits_as_the_full_pattern_and_as_before(text):
    got = keys._ASCII_SPLIT_RE.split(text)
    assert got == _PLAIN.split(text)
    assert got == keys._SPLIT_RE.split(text)


def test_tokens_made_elsewhere_are_adopted_for_their_text_only():
    """A text's tokens made in another process (the window's job sends the left text's to
    its side process) are taken as its text_tokens, not made again; tokens of another
    text are refused."""
    import pickle

    text = "Kyiv’s mayor said 3,000 people — “at least” — left on Dec. 7 (ünïcode ok) 👍🏽 too."
    packed = pickle.loads(pickle.dumps(keys.packed_tokens(text)))  # as it comes through a pipe
    assert not keys.adopt_tokens(text.replace("mayor", "major"), packed)
    assert not keys.adopt_tokens(text, (packed[0], packed[1][:-1], packed[2], packed[3]))  # not whole
    # what was adopted is what text_tokens gives (tokens that could not be made here show it)
    shouted = (packed[0], tuple(k.upper() for k in packed[1]), packed[2], packed[3])
    assert keys.adopt_tokens(text, shouted)
    assert [t.key for t in keys.text_tokens(text)] == [k.upper() for k in packed[1]]
    assert keys.adopt_tokens(text, packed)
    got = keys.text_tokens(text)
    assert got == tuple(keys.tokens(text)) and all(type(t) is keys.Token for t in got)


def test_tokens_expected_from_elsewhere_are_fetched_once_when_first_needed():
    """The job says the right text's tokens are coming from its side process: the first
    text_tokens of that text asks for them once (not before), adopts them if they are of
    that text, and makes them itself when none came, or another text's."""
    import pickle

    def text(word: str) -> str:  # never tokenised in this process before
        return f"Kyiv’s {word} said 3,000 people 👍🏽 left on Dec. 7, {time.time_ns()}."

    calls: list[str] = []

    def sent(packed):
        return lambda: calls.append("fetch") or packed

    a = text("mayor")
    made_there = pickle.loads(pickle.dumps(keys.packed_tokens(a)))
    b = text("mayor")
    shouted = (keys.packed_tokens(b)[0], tuple(k.upper() for k in made_there[1]), made_there[2], made_there[3])
    keys.expect_tokens(b, sent(shouted))
    assert calls == []  # asked for only when needed
    assert [t.key for t in keys.text_tokens(b)] == [k.upper() for k in made_there[1]]  # adopted
    assert calls == ["fetch"]
    keys.text_tokens(b)
    assert calls == ["fetch"]  # once

    c = text("major")
    keys.expect_tokens(c, sent(None))  # none came in time: made here
    assert keys.text_tokens(c) == tuple(keys.tokens(c)) and calls == ["fetch"] * 2
    d = text("minor")
    keys.expect_tokens(d, sent(made_there))  # another text's: refused, made here
    assert keys.text_tokens(d) == tuple(keys.tokens(d)) and calls == ["fetch"] * 3
    e = text("mayor")
    keys.expect_tokens(e, sent(made_there))
    keys.expect_tokens(e, None)  # taken back before it was needed
    keys.text_tokens(e)
    assert calls == ["fetch"] * 3
    f, g = text("one"), text("two")
    keys.expect_tokens(f, sent(None))
    keys.expect_tokens(g, sent(None))  # only the last text said is kept
    keys.text_tokens(f)
    assert calls == ["fetch"] * 3
    keys.text_tokens(g)
    assert calls == ["fetch"] * 4
