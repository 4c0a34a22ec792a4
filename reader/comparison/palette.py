"""The highlight palette (``resources/styles/palette.json``) read without Qt: one style spec
per style key, and how overlapping highlights combine.

The window turns these specs into Qt formats (``parallax.ui.style``); any other view can
draw from them too, so a highlight, an unsure framing marker's included, looks the same
wherever it is drawn, and its colours live in the palette alone.  A spec has the
palette's keys: ``background``, ``foreground``, ``underline`` (a colour),
``underline_style`` (solid|dash|dot|wave; without an underline colour it underlines in the
text's colour), ``bold``, ``italic`` and ``swatch``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from parallax.reader.comparison.layers import UNSURE_KEYS, UNSURE_SUFFIX, layer_of

__all__ = ["PAINT_ORDER", "THEMES", "paint_rank", "palette_data", "specs", "unsure_spec"]

THEMES = ("light", "dark")

# Where layers overlap, later ones win a property: a verbatim run inside a paraphrase
# shows as verbatim, a changed word shows as changed, framing colours the text itself.
# An unsure framing marker (its layer's unsure key) colours the text too, but the underline
# of a changed word or a fact over it wins over its own dotted one.
_FRAMING_ORDER = ("framing-attribution", "framing-naming", "framing-loaded", "framing-hedge", "framing-scare-quote")
PAINT_ORDER = (
    "unique", "paraphrase", "verbatim", "reorder",
    *(name + UNSURE_SUFFIX for name in _FRAMING_ORDER),
    "change", "fact-only", "fact-shared", "fact-conflict",
    *_FRAMING_ORDER,
)
_PAINT_RANK = {name: i for i, name in enumerate(PAINT_ORDER)}

@cache
def palette_data() -> dict:
    return json.loads(files("parallax.resources").joinpath("styles/palette.json").read_text(encoding="utf-8"))


def paint_rank(key: str, /) -> int:
    """Where a style key paints among the others (later wins; unknown keys last)."""
    return _PAINT_RANK.get(key, len(_PAINT_RANK))


def unsure_spec(theme: str, /) -> dict:
    """How an unsure framing marker differs from its layer: the keys drawn over its layer's spec."""
    return {k: v for k, v in palette_data()[theme].get("unsure", {}).items() if k != "swatch_alpha"}


def specs(theme: str, /) -> dict[str, dict]:
    """Style specs by style key: the palette's layers, and each framing layer's unsure key
    (the layer's spec with :func:`unsure_spec` over it, so it keeps its kind's colour)."""
    out = {name: dict(spec) for name, spec in palette_data()[theme]["layers"].items()}
    unsure = unsure_spec(theme)
    out.update({key: {**out.get(layer_of(key), {}), **unsure} for key in UNSURE_KEYS})
    return out

