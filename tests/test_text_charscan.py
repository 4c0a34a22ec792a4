"""char_positions: where any of a few characters stands, an ASCII text read through its bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.reader.text.charscan import char_positions


@settings(max_examples=400)
@given(st.text(alphabet="ab .!?\n\t,/@#\x00\x01é“", max_size=40), st.sampled_from([".!?\n", "/@#", "\x01", "“\"", "é"]))
def test_char_positions_are_those_of_the_class_pattern(text, chars):
    want = [m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)]
    assert char_positions(text, chars) == want
    plain = text.replace("é", "e").replace("“", '"')  # ASCII: the bytes path
    assert plain.isascii()
    assert char_positions(plain, chars) == [m.start() for m in re.finditer("[" + re.escape(chars) + "]", plain)]


def test_char_positions_of_a_text():
    assert char_positions("Yes. No! Why?\nhttp://x.y @a #b", ".!?\n") == [3, 7, 12, 13, 22]
    assert char_positions("Yes. No! Why?\nhttp://x.y @a #b", "/@#") == [19, 20, 25, 28]
    assert char_positions("", "/") == []
