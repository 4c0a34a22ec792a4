"""Framing and language lexicons: plain data files, extendable without code.

A lexicon is a tab-separated file ``<lang>/<name>.tsv``; blank lines and
lines starting with ``#`` are ignored.  Files with the same name are read,
in this order, from:

1. the bundled ``resources/lexicons/<lang>/`` (read with
   :mod:`importlib.resources`);
2. ``platformdirs.user_config_dir("parallax")/lexicons/<lang>/``;
3. ``$PARALLAX_LEXICONS/<lang>/`` when that variable names a directory.

Rows from every source are concatenated, so users add terms by dropping a
file with the same name in their own directory.  A row whose first cell is
``-term`` removes ``term`` read earlier.  ``<lang>`` is the article's
language (``en``, ``fr``, ``ru``...; region tags such as ``en-GB`` fall back
to ``en``); when it is unknown or has no lexicon, English is used.

Which user directories count is a value, a :class:`Lexicon`, made once at
the edge (the command line or the window: ``Lexicon.from_environment()``) and
passed keyword-only to ``load`` and ``compare``, which read every word list
through it while they run (:func:`using`).  Code that is given none reads
``Lexicon.from_environment()``.  Tables derived from word lists are cached
per lexicon (:func:`generation` is the cache key), so two lexicons never
share a table.

The same module reads the line lists of ingestion (:func:`lines`): one entry
a line in ``resources/<category>/<name>`` (``boilerplate/lines.txt``,
``boilerplate/agencies.tsv``, ``segment/abbreviations.txt``...), extended by
the user's files ``<dir>/<category>/<name>`` in the directories of
:func:`user_dirs`.  Blank lines and lines starting with ``#`` are ignored;
the rest is kept verbatim (stripped).  :func:`clear_cache` forgets both kinds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "Lexicon",
    "available_languages",
    "current",
    "language_of",
    "lexicon_language",
    "lines",
    "load",
    "number_words",
    "on_clear",
    "stopwords",
    "user_dirs",
    "using",
]

DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def _config_dir() -> Path | None:
    try:
        import platformdirs

        return Path(platformdirs.user_config_dir("parallax")) / "lexicons"
    except Exception:  # pragma: no cover - platformdirs is a dependency
        return None


@dataclass(frozen=True)
class Lexicon:
    """Where word lists are read from: the bundled ``resources/`` first, then each of
    ``dirs`` in order (the same layout: ``<dir>/<lang>/<name>.tsv`` and
    ``<dir>/<category>/<name>``).  A value: equal lexicons share cached tables."""

    dirs: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls) -> Lexicon:
        """The user's lexicon: ``platformdirs.user_config_dir("parallax")/lexicons``,
        then ``$PARALLAX_LEXICONS`` when set."""
        return _environment_lexicon(cls, os.environ.get("PARALLAX_LEXICONS"))

    @classmethod
    def bundled(cls) -> Lexicon:
        """Only the word lists that ship with Parallax (reproducible results)."""
        return cls(())

    def rows(self, name: str, language: str | None = None, /) -> tuple[tuple[str, ...], ...]:
        """:func:`load` of this lexicon."""
        with using(self):
            return load(name, language)

    def lines(self, category: str, name: str, /) -> tuple[str, ...]:
        """:func:`lines` of this lexicon."""
        with using(self):
            return lines(category, name)


@lru_cache(maxsize=8)
def _environment_lexicon(cls: type[Lexicon], env: str | None) -> Lexicon:
    """One value per $PARALLAX_LEXICONS: made once, not at every table a comparison reads."""
    dirs: list[str] = []
    conf = _config_dir()
    if conf is not None:
        dirs.append(str(conf))
    if env:
        dirs.append(env)
    return cls(tuple(dirs))


_CURRENT: ContextVar[Lexicon | None] = ContextVar("parallax_lexicon", default=None)


def current() -> Lexicon:
    """The lexicon in use: the one :func:`using` set, else the user's environment's."""
    lex = _CURRENT.get()
    return lex if lex is not None else Lexicon.from_environment()


@contextmanager
def using(lexicon: Lexicon | None) -> Iterator[Lexicon]:
    """Read word lists from ``lexicon`` inside the block (``None``: keep the one in use,
    fixed for the block, so the environment is read once and not at each of the
    thousands of tables a comparison reads).  Scoped to the calling thread or task, so
    two comparisons with two lexicons may run side by side."""
    if lexicon is None:
        lexicon = current()
    token = _CURRENT.set(lexicon)
    try:
        yield lexicon
    finally:
        _CURRENT.reset(token)


def user_dirs() -> list[Path]:
    """The user's lexicon directories of the lexicon in use, in reading order (also
    where :func:`lines` reads its files)."""
    return [Path(d) for d in current().dirs]


def _bundled(lang: str, name: str) -> str | None:
    try:
        f = resources.files("parallax.resources").joinpath("lexicons", lang, name)
        if f.is_file():
            return f.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return None
    return None


def _texts(lang: str, name: str) -> list[str]:
    out = []
    t = _bundled(lang, name)
    if t is not None:
        out.append(t)
    for d in user_dirs():
        p = d / lang / name
        try:
            if p.is_file():
                out.append(p.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return out


def _parse(text: str) -> list[tuple[str, ...]]:
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(c.strip() for c in line.rstrip("\n").split("\t"))
        if cells and cells[0]:
            rows.append(cells)
    return rows


def _cache_key() -> tuple[str, ...]:
    # the directories as given, without a Path made and printed for each: this runs
    # for every table a comparison reads (thousands of times a pair)
    lex = current()
    last = _LAST[0]
    if last[0] is lex:  # the lexicon of the last call (a frozen value: the same directories)
        return last[1]
    got = tuple(map(str, lex.dirs))
    _LAST[0] = (lex, got, (_GENERATION[0], *got))
    return got


# The last lexicon read, its cache key and its generation(), as one tuple swapped whole (a
# thread reads the three together): the hundred tables of a comparison ask for the key of
# the one lexicon in use, which is then a comparison by identity, not a tuple made anew.
_LAST: list[tuple] = [(None, (), (-1,))]


@lru_cache(maxsize=256)
def _load(lang: str, name: str, where: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for text in _texts(lang, name):
        for row in _parse(text):
            if row[0].startswith("-") and len(row[0]) > 1 and not row[0][1:2].isdigit():
                drop = row[0][1:].casefold()
                rows = [r for r in rows if r[0].casefold() != drop]
            else:
                rows.append(row)
    return tuple(rows)


def _parse_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=128)
def _lines(category: str, name: str, where: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    try:
        f = resources.files("parallax.resources").joinpath(category, name)
        if f.is_file():
            out += _parse_lines(f.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError, OSError):
        pass
    for d in where:
        try:
            out += _parse_lines((Path(d) / category / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return tuple(out)


def lines(category: str, name: str, /) -> tuple[str, ...]:
    """The entries of the line list ``resources/<category>/<name>`` followed by
    those of the user's files of the same name (see :func:`user_dirs`)."""
    return _lines(category, name, _cache_key())


#: The name :mod:`parallax.reader.text.lexdata` gave :func:`lines`.
read_lexicon_lines = lines


def language_of(language: str | None) -> str:
    """The lexicon language for an article language tag (``en-GB`` -> ``en``)."""
    if not language:
        return DEFAULT_LANGUAGE
    base = language.replace("_", "-").split("-")[0].casefold()
    return base if base in available_languages() else DEFAULT_LANGUAGE


# When an article does not say its language, its script often does: the lexicon
# language for a script that (among the bundled lexicons) one language writes.
_SCRIPT_LANGUAGE = (("CYRILLIC", "ru"), ("ARABIC", "ar"))


def lexicon_language(language: str | None, text: str = "") -> str:
    """Like :func:`language_of`, but an unknown language is guessed from the
    text's script (Cyrillic -> ``ru``, Arabic -> ``ar``) before English is used."""
    if language:
        return language_of(language)
    import unicodedata

    letters = [c for c in text[:400] if c.isalpha()]
    if letters:
        for script, lang in _SCRIPT_LANGUAGE:
            if lang in available_languages() and \
                    sum(1 for c in letters if unicodedata.name(c, "").startswith(script)) > len(letters) / 2:
                return lang
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _bundled_languages() -> frozenset[str]:
    try:
        root = resources.files("parallax.resources").joinpath("lexicons")
        return frozenset(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return frozenset({DEFAULT_LANGUAGE})


def available_languages() -> frozenset[str]:
    """The bundled languages and those of the user's directories; the directories are
    listed once per lexicon generation (:func:`clear_cache` lists them again), not at
    every :func:`language_of`, which each fact finder of a comparison asks."""
    return _available_languages(generation())


@lru_cache(maxsize=8)
def _available_languages(_gen: tuple) -> frozenset[str]:
    langs = set(_bundled_languages())
    for d in user_dirs():
        try:
            if d.is_dir():
                langs.update(p.name for p in d.iterdir() if p.is_dir())
        except OSError:
            continue
    return frozenset(langs)


def load(name: str, language: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The rows of lexicon ``name`` (e.g. ``"hedges.tsv"``) for ``language``.

    A language without that file (or with an empty one) uses English's.
    """
    lang = language_of(language)
    rows = _load(lang, name, _cache_key())
    if not rows and lang != DEFAULT_LANGUAGE:
        rows = _load(DEFAULT_LANGUAGE, name, _cache_key())
    return rows


def load_exact(name: str, lang: str) -> tuple[tuple[str, ...], ...]:
    """The rows of lexicon ``name`` for exactly ``lang`` (no fallback)."""
    return _load(lang, name, _cache_key())


@lru_cache(maxsize=4)
def _stopwords(where: tuple[str, ...]) -> frozenset[str]:
    from parallax.reader.text.keys import key

    words: set[str] = set()
    for lang in sorted(available_languages()):
        for row in _load(lang, "stopwords.tsv", where):
            words.add(key(row[0]))
    return frozenset(words)


def stopwords() -> frozenset[str]:
    """Function words of every language with a lexicon, as matching keys.

    One set serves every language: a function word of one language is
    rarely a content word of another, and articles often do not say their
    language.
    """
    return _stopwords(_cache_key())


_GENERATION = [0]


def generation() -> tuple:
    """Changes when the lexicon sources change: a cache key for derived tables."""
    key = _cache_key()
    last = _LAST[0]
    if last[1] is key and last[2][0] == _GENERATION[0]:
        return last[2]  # (the same tuple as before: equal to the one made below)
    gen = (_GENERATION[0], *key)
    if last[1] is key:
        _LAST[0] = (last[0], key, gen)
    return gen


_ON_CLEAR: list = []


def on_clear(forget) -> None:
    """Call ``forget()`` when :func:`clear_cache` runs: for a table a later stage reads
    once per process (the stemmer's affixes), where a cache key would cost too much."""
    _ON_CLEAR.append(forget)


def clear_cache() -> None:
    """Forget what was read (after a user edits a lexicon file)."""
    for forget in _ON_CLEAR:
        forget()
    _GENERATION[0] += 1
    _load.cache_clear()
    _lines.cache_clear()
    _stopwords.cache_clear()
    _bundled_languages.cache_clear()
    _available_languages.cache_clear()


@lru_cache(maxsize=32)
def _number_words(lang: str, _gen: tuple) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    from parallax.reader.text.keys import key

    units: dict[str, float] = {}
    scales: dict[str, float] = {}
    ords: dict[str, float] = {}
    for row in load("numbers.tsv", lang):
        if len(row) < 2:
            continue
        try:
            v = float(row[1])
        except ValueError:
            continue
        kind = row[2] if len(row) > 2 else "unit"
        {"scale": scales, "ordinal": ords}.get(kind, units)[key(row[0])] = v
    return units, scales, ords


def number_words(lang: str) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Spelled-out numbers of a language as matching key -> value: (units, scales, ordinals)."""
    return _number_words(lang, generation())
