"""News agencies: which wire service a credit names.

The agencies are data, ``resources/boilerplate/agencies.tsv``: one agency a
line, the name it is reported under first and the other names it goes by
after it, tab-separated ("AFP", "Agence France-Presse", "فرانس برس").  Users
add agencies in a file of the same name in their lexicon directories (see
:func:`parallax.reader.text.lexicon.user_dirs`).  A name matches as written
there or in capitals ("REUTERS/Evelyn Hockstein"), as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from parallax.reader.text.lexicon import generation, lines

__all__ = ["agencies_in", "agency_names", "agency_of", "agency_pattern", "wire_agencies"]


@lru_cache(maxsize=4)
def _table(_gen: tuple) -> tuple[dict[str, str], re.Pattern[str]]:
    names: dict[str, str] = {}
    for line in lines("boilerplate", "agencies.tsv"):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if not cells:
            continue
        for alias in cells:
            names.setdefault(alias, cells[0])
            names.setdefault(alias.upper(), cells[0])
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)" if names else r"(?!x)x")
    return names, pattern


def agency_names() -> dict[str, str]:
    """Every name of every agency (as written and in capitals) -> the name it is reported under."""
    return _table(generation())[0]


def agency_pattern() -> re.Pattern[str]:
    """A pattern matching any agency name as a whole word (longest names first)."""
    return _table(generation())[1]


def agency_of(name: str, /) -> str | None:
    """The agency ``name`` is (its reported name), or None when it names none:
    ``agency_of("Agence France-Presse") == "AFP"``."""
    return agency_names().get(name.strip(" \t.,;:()[]|"))


def agencies_in(text: str, /) -> list[str]:
    """The agencies named anywhere in ``text``, in order, each once."""
    names = agency_names()
    return list(dict.fromkeys(names[m[0]] for m in agency_pattern().finditer(text)))


def wire_agencies(credits: Iterable[str], /) -> tuple[str, ...]:
    """The agencies that ``credits`` (an Article's) name, each once: the evidence
    that an article is wire copy ("credit names Reuters")."""
    out: list[str] = []
    for credit in credits:
        out.extend(agencies_in(credit))
    return tuple(dict.fromkeys(out))
