"""The highlight palette (``resources/styles/palette.json``) read without Qt: one style spec
per style key, and how overlapping highlights combine.

The window turns these specs into Qt formats (``parallax.ui.style``) and the HTML report
into CSS (:func:`css`), so a highlight, an unsure framing marker's included, looks the same
on screen and in a report, and its colours live in the palette alone.  A spec has the
palette's keys: ``background``, ``foreground``, ``underline`` (a colour),
``underline_style`` (solid|dash|dot|wave; without an underline colour it underlines in the
text's colour), ``bold``, ``italic`` and ``swatch``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from parallax.reader.comparison.layers import UNSURE_KEYS, UNSURE_SUFFIX, layer_of

__all__ = ["PAINT_ORDER", "THEMES", "css", "declarations", "page_variables", "paint_rank", "palette_data", "specs",
           "themed_css", "unsure_spec"]

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

_CSS_UNDERLINE = {"solid": "solid", "dash": "dashed", "dot": "dotted", "wave": "wavy"}


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


def declarations(spec: dict, /) -> str:
    """A spec as CSS declarations (only what it sets, as the window's formats: a key it does
    not set leaves the property to the highlights under it)."""
    out = []
    if spec.get("background"):
        out.append(f"background:{spec['background']}")
    if spec.get("foreground"):
        out.append(f"color:{spec['foreground']}")
    if spec.get("underline") or spec.get("underline_style"):
        line = _CSS_UNDERLINE.get(spec.get("underline_style", "solid"), "solid")
        colour = f" {spec['underline']}" if spec.get("underline") else ""  # else the text's colour
        out.append(f"text-decoration:underline {line}{colour}")
    if spec.get("bold"):
        out.append("font-weight:bold")
    if spec.get("italic"):
        out.append("font-style:italic")
    return ";".join(out)


def css(theme: str, classes: dict[str, str], /) -> str:
    """CSS rules for the style keys in ``classes`` (key -> class name), in paint order, so
    where one element carries several classes the later highlight wins a property."""
    all_specs = specs(theme)
    return "\n".join(f".{classes[key]}{{{declarations(all_specs.get(key, {}))}}}"
                     for key in sorted(classes, key=paint_rank))


# The page colours a report's own CSS reads, as custom properties, by palette entry: the
# window's colours for its base, text, frames and conflicts, so a report looks like the
# window in either theme.
_PAGE_VARIABLES = {
    "window": ("ui", "window"), "base": ("ui", "base"), "text": ("ui", "text"),
    "muted": ("ui", "muted"), "line": ("ui", "gutter"), "header": ("ui", "header_bg"),
    "conflict": ("layers", "fact-conflict", "foreground"), "shared": ("layers", "fact-shared", "underline"),
    "present": ("layers", "verbatim", "background"), "used": ("layers", "paraphrase", "background"),
}


def page_variables(theme: str, /) -> str:
    """The theme's page colours as CSS custom properties (``--base``, ``--text``, ``--muted``,
    ``--line``, ``--conflict``...), for a report's own rules to read with ``var()``."""
    data = palette_data()[theme]
    out = []
    for name, path in _PAGE_VARIABLES.items():
        value = data
        for step in path:
            value = value[step]
        out.append(f"--{name}:{value}")
    return ":root{" + ";".join(out) + "}"


def themed_css(classes: dict[str, str], /, *, extra: dict[str, str] | None = None) -> str:
    """A report's palette CSS for both themes: the light theme's page colours and
    highlight rules (:func:`css`), then the dark theme's inside a
    ``prefers-color-scheme: dark`` query, so a report follows its reader's system setting.
    ``extra`` maps a theme to more rules of that theme (as the unsure key's)."""
    extra = extra or {}
    light = "\n".join(filter(None, (page_variables("light"), css("light", classes), extra.get("light", ""))))
    dark = "\n".join(filter(None, (page_variables("dark"), css("dark", classes), extra.get("dark", ""))))
    indented = "\n".join("  " + line for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark){{\n{indented}\n}}\n"
