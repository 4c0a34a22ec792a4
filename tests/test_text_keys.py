"""The tokeniser's ASCII pattern: the same words as the full pattern, in ASCII text."""

from __future__ import annotations

import re

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
    """A text's tokens made in another process (the window's job sends the right text's to
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
