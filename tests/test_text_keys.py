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
