"""Matching keys: how two texts are compared, kept apart from what is shown.

The cleaned text keeps exactly what the outlet wrote.  Matching ignores
typographic and backtick quotes and apostrophes, dash variants, NBSPs,
compatibility forms and case, so that Zee News' ``U.S.`s`` and Al
Jazeera's ``U.S.’s`` give the same key.

Tokens carry code-point spans into the original text.  Scripts written
without spaces (Han, Kana, Hangul syllables are spaced but CJK runs are
not, Thai, Lao, Khmer, Myanmar) are tokenised one character per token, so
alignment works on character n-grams there.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate, compress, filterfalse, islice, repeat
from operator import itemgetter, not_
from typing import NamedTuple

try:  # hashlib's own blake2b, without hashlib loading OpenSSL (3.7 MB in every process)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

# Characters folded before comparison.  Every value is one code point so
# offsets never move.
_FOLD = {
    # apostrophes and single quotes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u02bc": "'", "\u02b9": "'", "`": "'", "\u00b4": "'", "\uff07": "'",
    # double quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": '"', "\u203a": '"', "\uff02": '"',
    "\u300c": '"', "\u300d": '"', "\u300e": '"', "\u300f": '"',
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # spaces
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u3000": " ",
    # invisible characters that break words apart
    "\u00ad": " ", "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ",
    "\ufeff": " ",
    # Arabic-script punctuation that behaves like Latin
    "\u066b": ".", "\u066c": ",", "\u060c": ",",
}
_FOLD_TABLE = str.maketrans(_FOLD)

# Arabic-script spellings that writers, keyboards and converters use for one
# letter, folded in keys only (the text keeps what the outlet wrote): Arabic
# and Farsi yeh and alef maksura, Arabic kaf and keheh, heh and Urdu heh goal
# (and teh marbuta, heh with hamza), hamza-carrying alefs and waw; vowel
# points, superscript alef, Quranic marks and the tatweel stretch are left
# out; Arabic-Indic and Persian digits read as ASCII digits.  An agency's
# "وزیراعظم" and a paper's "وزيراعظم" are then one word.
_SCRIPT_KEY = str.maketrans(
    {
        "ي": "ی", "ى": "ی",
        "ك": "ک",
        "ه": "ہ", "ە": "ہ", "ة": "ہ", "ۀ": "ہ", "ۂ": "ہ",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ؤ": "و",
        **{chr(c): None for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE))},
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")

# Scripts without spaces between words: one token per character.
_UNSPACED = (
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f"  # Bopomofo
    "\u3400-\u4dbf"  # CJK ext A
    "\u4e00-\u9fff"  # CJK unified
    "\uf900-\ufaff"  # CJK compatibility
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\U00020000-\U0002fa1f"  # CJK ext B-F, compatibility supplement
)
# Combining marks belong to the word they sit on (Python's ``\w`` leaves them out):
# Latin diacritics written apart, Cyrillic titlos, Hebrew and Arabic points,
# Indic vowel signs and viramas (but not the danda stops ``।॥``), and the
# general combining blocks.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe20-\ufe2f"
)
_W = rf"[^\W_{_UNSPACED}]"  # a letter or digit of a spaced script
_WORD = rf"{_W}+(?:[{_MARKS}]+{_W}*)*"  # letters with the marks on them
_TOKEN_RE = re.compile(
    rf"[{_UNSPACED}]"  # one unspaced-script character is one token
    # a word: runs of letters joined by apostrophes, dots and hyphens
    # (U.S.`s, don't, e-mail), or by commas between digits (94,000)
    rf"|{_WORD}(?:(?:['\u2019`\u02bc.\-\u2010\u2011]{{1,2}}|(?<=\d)[,.](?=\d)){_WORD})*"
)
_UNSPACED_RE = re.compile(rf"[{_UNSPACED}]")
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")  # the same tokens, as re.split returns them
# The same pattern for ASCII text (no unspaced scripts, no combining marks), which the
# regex engine runs about twice as fast.  A text whose other characters each have an
# ASCII stand-in (a character every class of the pattern takes or leaves alike: "a" for
# "é", "0" for "٣", "'" for "’", " " for "—") is read through the stand-ins: same tokens.
# Its runs are possessive (++, *+): what follows a run of letters and digits never begins
# with one, nor can anything after the word fail, so the engine never gives any back and
# need not keep the places to (~18% less time); [0-9] is \d in ASCII.
_ASCII_SPLIT_RE = re.compile(r"([A-Za-z0-9]++(?:(?:['`.\-]{1,2}|(?<=[0-9])[,.](?=[0-9]))[A-Za-z0-9]++)*+)")
_CLASSES = tuple(re.compile(c) for c in (
    rf"[{_UNSPACED}]", _W, rf"[{_MARKS}]", "['\u2019`\u02bc.\\-\u2010\u2011]", "[,.]", r"\d",
))  # every character class _TOKEN_RE reads
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")
_MAX_STAND_INS = 40  # more distinct characters to stand in for (a non-Latin text): the full pattern


class Token(NamedTuple):
    """One word (or one character of an unspaced script) and where it stands."""

    key: str
    start: int
    end: int


def fold(text: str) -> str:
    """Fold quotes, dashes, spaces and case.  Keeps length for ASCII and most text.

    Use :func:`key` for a comparison key; this function is the per-character
    part that keeps offsets when applied to a whole text.
    """
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The matching key of one word or phrase: folded, NFKC-normalised, case-folded.

    Leading and trailing apostrophes are dropped (``'plan'`` and ``plan``
    match), whitespace is collapsed, and Arabic-script letter variants,
    vowel points and digits are folded (``_SCRIPT_KEY``).
    """
    if word.isascii():  # NFKC leaves ASCII as it is, casefold is lower, only ` is folded
        k = word.replace("`", "'").lower()
    else:
        k = unicodedata.normalize("NFKC", word.translate(_FOLD_TABLE)).casefold()
        if _ARABIC_RE.search(k):
            k = k.translate(_SCRIPT_KEY)
    k = " ".join(k.split())
    return k.strip("'")


def tokens(text: str) -> list[Token]:
    """Split ``text`` into word tokens with code-point spans and matching keys.

    >>> [t.key for t in tokens("U.S.`s “Kyiv”—Kiev")]
    ["u.s.'s", 'kyiv', 'kiev']
    """
    # split() returns what lies between the words and the words, alternately; the
    # running sum of their lengths gives every word's start and end, and the tokens
    # are built by C loops (map, zip), not one Python step per word
    stood = (text, ()) if text.isascii() else _stood_in(text)
    parts = _SPLIT_RE.split(text) if stood is None else _ASCII_SPLIT_RE.split(stood[0])
    if len(parts) < 2:
        return []
    bounds = list(accumulate(map(len, parts)))
    words = parts[1::2]
    if stood is not None and stood[1]:  # the words as written, not their stand-ins
        starts = bounds[::2]
        for at in stood[1]:
            w = bisect_right(starts, at) - 1
            if 0 <= w < len(words) and at < bounds[2 * w + 1]:
                words[w] = text[starts[w]:bounds[2 * w + 1]]
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()
    new = set(filterfalse(_KEYS.__contains__, words))
    if new:  # words met for the first time: their keys made together
        _learn_keys(new)
    # (the starts and ends read in place, by islice, not copied into two more lists)
    return list(map(tuple.__new__, repeat(Token), zip(map(_KEYS.__getitem__, words), islice(bounds, 0, None, 2),
                                                      islice(bounds, 1, None, 2), strict=False)))


def _stood_in(text: str) -> tuple[str, list[int]] | None:
    """``text`` with each character outside ASCII replaced by its ASCII stand-in (same
    length, same tokens under ``_ASCII_SPLIT_RE`` as ``text`` under ``_SPLIT_RE``) and
    where those characters stand; None when a character has no stand-in or there are
    too many kinds to replace."""
    seen: dict[str, str] = {}
    at: list[int] = []
    for m in _NON_ASCII_RE.finditer(text):
        ch = m.group()
        at.append(m.start())
        if ch in seen:
            continue
        sub = _stand_in(ch)
        if sub is None or len(seen) >= _MAX_STAND_INS:
            return None
        seen[ch] = sub
    for ch, sub in seen.items():
        text = text.replace(ch, sub)
    return text, at


@lru_cache(maxsize=4096)
def _stand_in(ch: str) -> str | None:
    """An ASCII character that every character class of ``_TOKEN_RE`` takes or leaves
    exactly as it does ``ch`` (None when no such character: marks, unspaced scripts)."""
    member = tuple(c.match(ch) is not None for c in _CLASSES)
    for sub in ("a", "0", "'", " "):
        if tuple(c.match(sub) is not None for c in _CLASSES) == member:
            return sub
    return None


class _KeyCache(dict):
    """Word as written -> :func:`key` of it, computed on first use (most words of a text recur)."""

    def __missing__(self, word: str) -> str:
        k = self[word] = key(word)
        return k


_KEYS = _KeyCache()
_KEYS_MAX = 200_000


def _learn_keys(new: set[str]) -> None:
    """Put the :func:`key` of each of the words ``new`` in ``_KEYS``, the ASCII ones all at
    once: a long text's first reading meets thousands of new words, and one Python call
    each (``__missing__``, then :func:`key`) was a fifth of its tokenising.  A word of a
    token holds no white space, so its ASCII key is its lower case with ` as ' and no
    apostrophe at either end, what :func:`key` makes of it."""
    plain = [w for w in new if w.isascii()]
    # (split at white space: as many parts as words when no word is empty or holds any)
    lowered = "\n".join(plain).replace("`", "'").lower().split()
    if len(lowered) == len(plain) and "" not in new:
        _KEYS.update(zip(plain, map(str.strip, lowered, repeat("'")), strict=True))
        if len(plain) == len(new):
            return
        new.difference_update(plain)
    _KEYS.update(zip(new, map(key, new), strict=True))


def capital_tokens(text: str, toks: Sequence[Token], /) -> list[int]:
    """The indexes of the tokens of ``text`` whose first character is a capital letter."""
    return list(compress(range(len(toks)), _capitals(text, toks)))


def lower_words(text: str, toks: Sequence[Token], /) -> set[str]:
    """The keys of the tokens of ``text`` whose first character is no capital letter."""
    return set(compress(map(_KEY, toks), map(not_, _capitals(text, toks))))


def _capitals(text: str, toks: Sequence[Token]) -> bytes:
    """1 for each token whose first character is a capital letter (C loops, no Python step
    per token); kept for the last few long token sequences (a whole text's, which names,
    facts and alignment all read: a news article's few hundred tokens too, as the tuple
    text_tokens caches, which cannot change)."""
    got = _CAPITALS.get(id(toks))
    if got is not None and got[0] is toks and got[1] is text:
        return got[2]
    # each token's first character, read by one C call (itemgetter of all the starts), not
    # one method call a token; in ASCII a capital is A-Z, one byte table for all of them
    n = len(toks)
    firsts = "".join(itemgetter(*map(_START, toks))(text)) if n > 1 else "".join(text[t[1]] for t in toks)
    caps = firsts.encode("ascii").translate(_ASCII_CAPITALS) if firsts.isascii() else bytes(map(str.isupper, firsts))
    if len(toks) >= 1000 or (len(toks) >= 100 and type(toks) is tuple):
        if len(_CAPITALS) >= 8:
            _CAPITALS.pop(next(iter(_CAPITALS)))
        _CAPITALS[id(toks)] = (toks, text, caps)
    return caps


_CAPITALS: dict[int, tuple[Sequence[Token], str, bytes]] = {}  # id(tokens) -> (tokens, text, capitals)
_ASCII_CAPITALS = bytes(int(chr(c).isupper()) for c in range(256))  # for bytes.translate: 1 for A-Z


_KEY = itemgetter(0)
_START = itemgetter(1)


def token_keys(text: str) -> list[str]:
    return [t.key for t in tokens(text)]


def has_unspaced(text: str, /) -> bool:
    """Whether any character of ``text`` is of a script written without spaces."""
    return not text.isascii() and _UNSPACED_RE.search(text) is not None  # (isascii reads no character)


_LETTER_RE = re.compile(r"[^\W\d_]")


def is_unspaced(text: str) -> bool:
    """True when most letters of ``text`` belong to scripts written without spaces."""
    if text.isascii():  # known without reading a character
        return False
    unspaced = len(_UNSPACED_RE.findall(text))
    if not unspaced:  # most texts: one regex pass and done
        return False
    return unspaced * 2 > len(_LETTER_RE.findall(text))


def text_tokens(text: str) -> tuple[Token, ...]:
    """Tokens of a whole article, cached: alignment, facts and framing all walk them (or
    those :func:`adopt_tokens` was given, made by another process, or that
    :func:`expect_tokens` said would come from one)."""
    got = _ADOPTED.get(text)
    if got is not None:
        return got
    if _EXPECTED:
        fetch = _EXPECTED.pop(text, None)
        if fetch is not None:
            packed = fetch()
            if packed is not None and adopt_tokens(text, packed):
                return _ADOPTED[text]
    return _text_tokens(text)


def expect_tokens(text: str, fetch: Callable[[], PackedTokens | None] | None, /) -> None:
    """Say that another process is making the :func:`packed_tokens` of ``text``: the next
    :func:`text_tokens` of it not made yet calls ``fetch()`` first (once, in its own thread:
    it may wait a moment for them), adopts what it gives if that is this text's, and makes
    the tokens itself when it gives None.  ``fetch`` None takes the word back (if it was
    not asked for yet).  Only the last text said is kept: one comparison at a time works
    this way."""
    if fetch is None:
        _EXPECTED.pop(text, None)
        return
    _EXPECTED.clear()
    _EXPECTED[text] = fetch


@lru_cache(maxsize=8)
def _text_tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokens(text))


PackedTokens = tuple[bytes, tuple[str, ...], bytes, bytes]  # packed_tokens: digest, keys, starts, ends

# Tokens made by another process (the window's job and its side-work process each make
# one text's and send them to the other: neither makes both, 0.1-0.15 s a 100,000-word
# text), by text, the last few.
_ADOPTED: dict[str, tuple[Token, ...]] = {}
_ADOPTED_MAX = 4
_EXPECTED: dict[str, Callable[[], PackedTokens | None]] = {}  # expect_tokens: the one text whose tokens will come
_END = itemgetter(2)


def packed_tokens(text: str, /) -> PackedTokens:
    """:func:`text_tokens` of ``text`` as plain data to send to another process, which
    :func:`adopt_tokens` makes tokens again: the text's digest, the keys, and where each
    token starts and ends (integer arrays)."""
    toks = text_tokens(text)
    return (_digest(text), text_keys(text), array("q", text_starts(text)).tobytes(),
            array("q", map(_END, toks)).tobytes())


def adopt_tokens(text: str, packed: PackedTokens, /) -> bool:
    """Take :func:`packed_tokens` of ``text``, made elsewhere, as its :func:`text_tokens`
    (the same tokens: the same function made them); False, and nothing taken, when they
    are of another text."""
    digest, keys, starts, ends = packed
    if digest != _digest(text):
        return False
    at, to = array("q"), array("q")
    at.frombytes(starts)
    to.frombytes(ends)
    if not len(keys) == len(at) == len(to):
        return False
    if text not in _ADOPTED and len(_ADOPTED) >= _ADOPTED_MAX:
        del _ADOPTED[next(iter(_ADOPTED))]
    _ADOPTED[text] = tuple(map(tuple.__new__, repeat(Token), zip(keys, at, to, strict=True)))
    return True


def _digest(text: str) -> bytes:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@lru_cache(maxsize=8)
def text_keys(text: str, /) -> tuple[str, ...]:
    """The matching keys of :func:`text_tokens`, cached: numbers, dates and each framing
    lexicon scan read them all (one list of 100,000 keys made once a text, not five times)."""
    return tuple(map(_KEY, text_tokens(text)))


@lru_cache(maxsize=8)
def text_starts(text: str, /) -> tuple[int, ...]:
    """Where each of :func:`text_tokens` starts, cached: to find a window's tokens by bisection."""
    return tuple(map(_START, text_tokens(text)))


def window_tokens(text: str, lo: int, hi: int, /, *, tail: bool = False) -> tuple[int, int] | None:
    """The indexes ``i, j`` such that :func:`text_tokens` ``[i:j]`` are the tokens of
    ``text[lo:hi]`` (the same keys, their offsets ``lo`` further on), read from the whole
    text's cached tokens instead of tokenising the window again; None when a token of the
    text crosses ``lo`` or ``hi``: the window would cut it, and its cut part may be another
    token (``tokens(text[lo:hi])`` then).  A token ending at ``lo`` or starting at ``hi`` is
    whole on its side: the pattern reads no character outside a match, and matching from
    ``lo`` finds what the whole text's matching found after the last token before it.  With
    ``tail``, a token crossing ``lo`` is left out, not refused: the window's tokens are then
    these and, before them, at most one (the cut token's end, which ends where it ends), for
    callers that read only the last few."""
    if not 0 <= lo <= hi <= len(text):
        return None
    toks = text_tokens(text)
    starts = text_starts(text)
    i = bisect_left(starts, lo)
    if i and toks[i - 1].end > lo and not tail:
        return None
    j = bisect_left(starts, hi, i)
    if j > i and toks[j - 1].end > hi:
        return None
    return i, j


@lru_cache(maxsize=8)
def text_key_set(text: str, /) -> frozenset[str]:
    """The distinct keys of :func:`text_keys`, cached: the number and date finders each ask
    which of a text's words can begin one (each word once, one set made once a text)."""
    return frozenset(text_keys(text))


class KeyKinds(NamedTuple):
    """Kinds of a text's distinct keys that the number and date finders start from."""

    words: frozenset[str]  # all of them (:func:`text_key_set`)
    figures: frozenset[str]  # the keys whose first character is a digit
    hyphenated: frozenset[str]  # the keys holding a hyphen
    dotted: frozenset[str]  # the keys ending with a full stop


@lru_cache(maxsize=8)
def text_key_kinds(text: str, /) -> KeyKinds:
    """:class:`KeyKinds` of :func:`text_key_set`, cached: one pass over a text's words for
    the number and date finders, not one for each of the sets they make (three C loops
    over the words, in the set's order, not a Python step per word)."""
    words = text_key_set(text)
    ws = tuple(words)
    figures = compress(ws, map(str.isdigit, map(_FIRST_CHAR, ws)))
    hyphenated = compress(ws, map(str.__contains__, ws, repeat("-")))
    dotted = compress(ws, map(str.endswith, ws, repeat(".")))
    return KeyKinds(words, frozenset(figures), frozenset(hyphenated), frozenset(dotted))


_FIRST_CHAR = itemgetter(slice(0, 1))  # k[:1]


@lru_cache(maxsize=8)
def text_lower_words(text: str, /) -> frozenset[str]:
    """:func:`lower_words` of :func:`text_tokens`, cached: the names and the comparison of
    facts both read it."""
    return frozenset(lower_words(text, text_tokens(text)))
