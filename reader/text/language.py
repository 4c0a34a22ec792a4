"""Offline language identification: script first, then frequent-word profiles.

The dominant script settles most languages alone (Han with Kana is
Japanese, Hangul Korean, Thai, Greek, Hebrew, Devanagari...).  Within a
script shared by many languages (Latin, Cyrillic, Arabic) the language whose
most frequent words (``resources/language/stopwords.txt``) cover most of
the text wins, if it covers enough of it and clearly beats the runner-up.
Too little text or no clear winner gives ``None``: unknown, never a guess.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from parallax.reader.text.keys import tokens
from parallax.reader.text.lexdata import read_lexicon_lines

# script name -> (languages written in it that profiles decide among, or a single answer)
_SINGLE_SCRIPT = {
    "HANGUL": "ko", "THAI": "th", "GREEK": "el", "HEBREW": "he", "GEORGIAN": "ka",
    "ARMENIAN": "hy", "BENGALI": "bn", "TAMIL": "ta", "TELUGU": "te", "GUJARATI": "gu",
    "GURMUKHI": "pa", "KANNADA": "kn", "MALAYALAM": "ml", "SINHALA": "si", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "ETHIOPIC": "am", "TIBETAN": "bo",
}
_PROFILE_SCRIPTS = {
    "LATIN": ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk",
              "ro", "hu", "tr", "id", "vi"),
    "CYRILLIC": ("ru", "uk", "bg", "sr"),
    "ARABIC": ("ar", "fa", "ur"),
    "DEVANAGARI": ("hi",),
    "GREEK": ("el",),
    "HEBREW": ("he",),
}
# Letters only one language of a shared script uses.
_MARKERS = {
    "uk": set("іїєґІЇЄҐ"), "ru": set("ыэъЫЭЪ"), "sr": set("јљњћђџЈЉЊЋЂЏ"),
    "ur": set("ےںٹڈڑۓۂ"), "fa": set("گچپژ") - set(),
    "tr": set("ığİ"),  # dotless i and soft g: Turkish among the Latin-script profiles
    "pl": set("łńśźżŁŚŹŻ"), "cs": set("ěřůĚŘŮ"), "ro": set("ășțȘȚ"), "hu": set("őűŐŰ"),
}


@lru_cache(maxsize=1)
def _profiles() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in read_lexicon_lines("language", "stopwords.txt"):
        code, _, words = line.partition(":")
        if words:
            out[code.strip()] = frozenset(words.split())
    return out


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "HAN"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "KANA"
    return name.split()[0]


def detect(text: str, /, *, sample: int = 8_000) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when unsure."""
    text = text[:sample]
    counts: dict[str, int] = {}
    latin = 0
    for ch in text:
        if ch.isalpha():
            if ch < "\u0250":
                latin += 1
                continue
            s = _script(ch)
            counts[s] = counts.get(s, 0) + 1
    if latin:
        counts["LATIN"] = counts.get("LATIN", 0) + latin
    total = sum(counts.values())
    if total < 12:
        return None
    han, kana = counts.get("HAN", 0), counts.get("KANA", 0)
    if kana >= 0.1 * total or (kana and kana >= 0.05 * (han + kana)):
        return "ja"
    if han >= 0.3 * total:
        return "zh"
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 0.5 * total:
        return None
    if script in _SINGLE_SCRIPT and script not in _PROFILE_SCRIPTS:
        return _SINGLE_SCRIPT[script]
    candidates = _PROFILE_SCRIPTS.get(script)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    letters = {c for c in text if c.isalpha()}
    words = [t.key for t in tokens(text)]
    if len(words) < 5:
        return None
    profiles = _profiles()
    scores = []
    for code in candidates:
        prof = profiles.get(code)
        if not prof:
            continue
        hits = sum(1 for w in words if w in prof)
        bonus = 0.05 * len(words) if _MARKERS.get(code, set()) & letters else 0.0
        scores.append((hits + bonus, code))
    scores.sort(reverse=True)
    if not scores:
        return None
    best, code = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if best < 0.08 * len(words) or best < 2:
        return None
    if second and best < 1.15 * second:
        return None
    return code
