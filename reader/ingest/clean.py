"""Boilerplate removal for plain text captured from web pages, by general rules.

A capture is split into units (lines, or hard-wrapped paragraphs).  Each
unit is classed from what it looks like, never from which site it came
from:

* **bad**: page furniture.  A line of the boilerplate lexicon
  (``resources/boilerplate/lines.txt``: "Share", "TRENDING", "Related
  Articles"...), a short line holding a lexicon phrase
  (``contains.txt``: "©", "Privacy Policy", "IMAGE:"...) or starting with
  one (``starts.txt``: "Sign up to", "More in"), a line of five words or
  fewer with a marker word (``short_markers.txt``: "newsletter"), any line
  naming two furniture phrases, link-like lines (addresses, domains, tracker
  strings, several "|" separators), lines with no letters, bylines, date and
  time lines, credit lines (these feed the metadata), image credits and the
  caption just above one, and agency-style captions ending ", December 4,
  2021.".
* **good**: prose.  At least six words ending in a sentence stop, or a long
  run of mostly lower-case words.
* **neutral**: the rest (headlines, sub-heads, list items, labels).

The body is the run of units with the largest score (good units count
their words, neutral and bad units cost).  Furniture that pages put inside
article bodies costs little, so it does not end the body: advertising slots
(``inline.txt``), "READ MORE" lines and the headline they introduce
(``leads_in.txt``), captions, live-blog times, newsletter boxes.  Inside the
run, bad units, the title repeated, lines repeated elsewhere on the page, a
blurb between two pieces of furniture, runs of three or more short
unpunctuated lines (lists of links), pull quotes repeating a paragraph, and
a lead paragraph or standfirst that the following paragraphs repeat are
removed; after it, an author's bio and a list of teasers (short one-sentence
paragraphs sharing no names and few words with the article) go.  The title
is the headline-like line above the body that shares words with it, the one
nearest the body favoured over a standfirst below it; byline, date and
credits come from the units around it (a name alone under the headline is
its byline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parallax.reader.ingest import metadata as md
from parallax.reader.ingest.units import (
    BULLET_RE,
    CLOSERS,
    DOMAIN_RE,
    STOPS,
    TIMED_RE,
    UNSPACED,
    Unit,
    classify_all,
    ends_with_stop,
    furniture,
    kinds,
    lexicon,
    norm,
    norm_set,
    photo_credit,
    units_of,
    widget_words,
    without_figures,
    words_of,
)
from parallax.reader.text.keys import key
from parallax.reader.text.lexicon import stopwords

__all__ = ["Cleaned", "clean_text", "furniture", "words_of"]


@dataclass
class Cleaned:
    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    credits: list[str] = field(default_factory=list)

# Furniture that pages put inside article bodies (ads, "READ MORE" links, captions,
# live-blog timestamps, newsletter boxes): removed, but cheap for the body run to cross.
_INLINE_KINDS = frozenset(["interruption", "lead-in", "linked headline", "caption", "timestamp", "lexicon start", "short marker"])


def _score(u: Unit) -> float:
    if u.kind == "good":
        return float(u.words)
    if u.why in _INLINE_KINDS:
        return -2.0  # these sit inside article bodies: they do not end one
    if u.kind == "bad":
        return -(8.0 + min(u.words, 20))
    if u.stop_end and u.words >= 2:
        return 0.5 * u.words  # a short sentence: keep it when it sits by the body
    return -(2.0 + 0.5 * u.words)


_INNER_STOP_RE = re.compile(rf"[{re.escape(STOPS)}][{re.escape(CLOSERS)}]*\s+\S")


def _one_sentence(text: str) -> bool:
    return _INNER_STOP_RE.search(text.strip()) is None


def _classify_by_neighbours(units: list[Unit]) -> None:
    """Captions (a short line just above an image credit) and the headline a
    "READ MORE" line introduces."""
    leads = norm_set("leads_in.txt")
    for i in range(len(units) - 1):
        u, nxt = units[i], units[i + 1]
        after = units[i + 2] if i + 2 < len(units) else None
        if u.barrier and u.norm.rstrip(":") in leads and after and after.kind == "good" and not BULLET_RE.match(after.text):
            # "Read also:" above ONE headline with the article going on after it: a link
            # inside the body, not the list that ends it
            u.why, u.barrier = "lead-in", False
        if u.kind == "bad":
            headline = nxt.words <= 20 and _one_sentence(nxt.text)
            if u.why == "lead-in" and nxt.kind != "bad" and headline and not nxt.text.rstrip(CLOSERS + " ").endswith("."):
                nxt.kind, nxt.why = "bad", "linked headline"
            continue
        credit = nxt.kind == "bad" and (nxt.why == "photo credit" or photo_credit(nxt.text))
        if credit and nxt.words <= 12 and u.words <= 35 and _one_sentence(u.text):
            u.kind, u.why = "bad", "caption"
            nxt.why = "caption"


def _best_run(units: list[Unit]) -> tuple[int, int] | None:
    """The contiguous run of units with the largest total score (Kadane)."""
    best, best_span = 0.0, None
    cur, cur_start = 0.0, 0
    for i, u in enumerate(units):
        if u.barrier:
            cur = 0.0
            continue
        s = _score(u)
        if cur <= 0:
            cur, cur_start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i + 1)
    return best_span


def _content(keys: list[str]) -> list[str]:
    return [k for k in keys if len(k) > 2 or (k and not k.isascii())]


def _containment(small: list[str], big: set[str]) -> float:
    c = _content(small)
    if not c:
        return 0.0
    return sum(1 for k in c if k in big) / len(c)


def _loose_containment(small: list[str], big: set[str]) -> float:
    """Like _containment, but a word also matches one sharing its first five letters
    (inflection and compounds: "beschließt"/"beschloss", "Genehmigungen"/"Genehmigungsverfahren")."""
    c = _content(small)
    if not c:
        return 0.0
    prefixes = {k[:5] for k in big if len(k) >= 5}
    return sum(1 for k in c if k in big or (len(k) >= 5 and k[:5] in prefixes)) / len(c)


def clean_text(text: str, /, *, title: str | None = None) -> Cleaned:
    """The body paragraphs and stated metadata of a plain-text capture.

    ``title`` is a title already known (from HTML or document metadata); it is
    removed from the body when the text repeats it.
    """
    units = units_of(text)
    if not units:
        return Cleaned([])
    classify_all(units)
    _classify_by_neighbours(units)
    # Credits signed at the end of a paragraph ("…Ukraine."_Zee News) are cut off first.
    credits: list[str] = []
    for u in units:
        tc = md.trailing_credit(u.text)
        if tc:
            cut, name = tc
            u.text = u.text[:cut].rstrip()
            credits.append(name)
            u.keys = words_of(u.text)
            u.words = len(u.keys)
            u.stop_end = ends_with_stop(u.text)
            if u.kind == "neutral" and u.words >= 6 and u.stop_end:
                u.kind = "good"
    run = _best_run(units)
    if run is not None:
        run = _article_before_lists(units, run)
    if run is None:
        # No prose at all (a headline, a list, a single short line): keep what is not furniture.
        body_idx = [i for i, u in enumerate(units) if u.kind != "bad"] or list(range(len(units)))
        run = (body_idx[0], body_idx[-1] + 1)
    lo, hi = run

    body_keys: set[str] = set()
    for u in units[lo:hi]:
        if u.kind == "good":
            body_keys.update(u.keys)

    # Lines repeated on the page (numbers aside: "Page 1 of 3", "Page 2 of 3") are furniture.
    counts: dict[str, int] = {}
    for u in units:
        counts[u.norm] = counts.get(u.norm, 0) + 1
        bare = _bare(u.norm)
        if bare != u.norm:
            counts[bare] = counts.get(bare, 0) + 1

    # ---- title
    found_title = title
    title_norm = norm(title) if title else None
    if found_title is None:
        found_title, title_norm = _find_title(units, lo, hi, body_keys, counts)

    # ---- body
    kept: list[Unit] = []
    for i in range(lo, hi):
        u = units[i]
        if u.kind == "bad":
            continue
        # (the text without its suffix is part of the unit's text, so its normal form is
        # part of the unit's: only a unit whose normal form holds the title's can match)
        if title_norm and (u.norm == title_norm or (
                title_norm in u.norm and norm(_strip_suffix(u.text)) == title_norm)):
            continue
        if u.kind == "neutral" and (counts.get(u.norm, 0) > 1 or counts.get(_bare(u.norm), 0) > 1):
            continue
        if u.kind == "neutral" and 0 < i < len(units) - 1 and units[i - 1].kind == units[i + 1].kind == "bad":
            continue  # a blurb between two pieces of furniture (a newsletter box)
        kept.append(u)
    kept = _drop_link_lists(kept)
    kept = _drop_pull_quotes(kept)
    kept = _drop_repeated_leads(kept)
    kept = _drop_tail_furniture(kept, lo, hi, units)

    meta = _metadata(units, lo, hi, found_title)
    credits = _dedupe(meta.pop("credits") + credits)
    return Cleaned(
        paragraphs=[u.text for u in kept],
        title=found_title,
        credits=credits,
        **meta,
    )


def _run_score(units: list[Unit], run: tuple[int, int]) -> float:
    return sum(_score(u) for u in units[run[0] : run[1]])


def _article_before_lists(units: list[Unit], run: tuple[int, int]) -> tuple[int, int]:
    """The article rather than what follows it: when the best run lies after a
    comments header, or after a section end ("More from News") that closes an
    article of its own (under a headline, 40 words of prose or more, at least a
    third of the best run's weight), the body is that article."""
    opens = _comments_start(units)
    if opens is not None and run[1] > opens:
        before = _best_run(units[:opens])
        if before is not None and _good_words(units, before) >= 40:
            return before  # the readers' comments are no article
    for b, u in enumerate(units[: run[0]]):
        if not u.barrier:
            continue
        before = _best_run(units[:b])
        if before is None or _good_words(units, before) < 40:
            continue
        keys = {k for v in units[before[0] : before[1]] if v.kind == "good" for k in v.keys}
        headed = _find_title(units, before[0], before[1], keys, {})[0] is not None
        if headed and _run_score(units, before) >= 0.35 * _run_score(units, run):
            return before  # an article under its headline, then a list of other stories
        break
    return run


def _good_words(units: list[Unit], run: tuple[int, int]) -> int:
    return sum(u.words for u in units[run[0] : run[1]] if u.kind == "good")


def _comments_start(units: list[Unit]) -> int | None:
    """Where the readers' comments begin (a line of ``comments.txt``), if anywhere."""
    heads = norm_set("comments.txt")
    for i, u in enumerate(units):
        if u.words <= 6 and (u.norm in heads or _bare(u.norm) in heads or u.norm.rstrip("?:") in heads):
            return i
    return None


def _bare(norm: str) -> str:
    """``norm`` (a unit's normal form: white space already collapsed) without its figures;
    without a digit that is ``norm`` itself."""
    return without_figures(norm) if _ANY_DIGIT_RE.search(norm) else norm


_ANY_DIGIT_RE = re.compile(r"\d")  # (the digits without_figures looks for)


def _strip_suffix(line: str) -> str:
    """'Headline | Section' or 'Headline - Site Name' -> 'Headline'."""
    if " | " in line or " || " in line:
        parts = [p.strip() for p in re.split(r"\s\|\|?\s", line)]
        return max(parts, key=len)
    m = re.match(r"^(.{15,}?)\s[-–—]\s([^-–—]{2,40})$", line)
    if m and len(m[2].split()) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in m[2].split()):
        return m[1].strip()
    return line


_LABEL_LINE_RE = re.compile(r"^\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*[:：]\s*\S")


def _is_label_line(text: str) -> bool:
    """"From: Department for the Environment", "Source: X": a label of the lexicon
    (``labels.txt``) and its value.  "Brexit: MPs vote again" is a headline."""
    m = _LABEL_LINE_RE.match(text)
    return bool(m) and m[1].casefold() in norm_set("labels.txt")
def _word_count(keys: list[str]) -> int:
    """Words, counting two characters of a script written without spaces as one
    (Chinese words are mostly two characters long)."""
    unspaced = sum(1 for k in keys if len(k) == 1 and re.match(f"[{UNSPACED}]", k))
    return len(keys) - unspaced + (unspaced + 1) // 2


def _find_title(
    units: list[Unit], lo: int, hi: int, body_keys: set[str], counts: dict[str, int]
) -> tuple[str | None, str | None]:
    """The headline: a headline-like line above the body sharing words with it.
    The one nearest the body (only bylines, dates and labels between) is favoured,
    and a standfirst does not beat the shorter headline just above it."""
    first_keys: set[str] = set()
    for u in [u for u in units[lo:hi] if u.kind == "good"][:2]:
        first_keys.update(u.keys)
    scored: dict[int, tuple[float, str, int]] = {}
    near = True  # only page furniture and short labels between this line and the body
    allowance = 1
    for i in range(lo - 1, -1, -1):
        u = units[i]
        was_near = near
        timed = TIMED_RE.match(u.text) is not None
        label = u.words <= 8 and _is_label_line(u.text)
        dated = u.words <= 12 and bool(md.find_dates(u.text))
        # scores and figures ("Ashford 2-2 Rovers", "Lewis (23), Grant (61 pen)"), not a headline
        label = label or (u.words <= 10 and sum(k.isdigit() for k in u.keys) >= 0.3 * u.words)
        if not (u.kind == "bad" or u.words <= 4 or timed or label or dated or md.name_line(u.text)):
            if allowance and u.words <= 40:
                allowance -= 1  # a standfirst between headline and byline
            else:
                near = False
        if u.kind == "bad" and u.why not in ("separated items",):
            continue
        if timed or label or BULLET_RE.match(u.text) or u.text.rstrip().endswith((":", "：")):
            continue
        cand = _strip_suffix(u.text).strip()
        ck = words_of(cand)
        n = _word_count(ck)
        if n < 3 or n > 30 or (cand.endswith(".") and not cand.endswith("...")):
            continue
        if not (cand[:1].isupper() or not cand[:1].isalpha() or not cand[:1].islower()):
            continue
        if md.find_dates(cand):
            continue  # a date line ("2021年12月7日 23:41 来源：新华社")
        overlap = _loose_containment(ck, body_keys)
        if _containment(ck, first_keys) >= 0.85 and n > 12:
            continue  # a standfirst the first paragraph repeats
        repeated = counts.get(u.norm, 0) > 1
        if overlap < (0.2 if was_near else 0.34) and not repeated:
            continue
        score = overlap + (0.5 if repeated else 0.0) + (0.3 if 5 <= n <= 20 else 0.0)
        score += 0.3 if was_near else 0.0
        below = units[i + 1] if i + 1 < len(units) else None
        if below is not None and (below.why in ("byline", "date") or md.name_line(below.text)):
            score += 0.3  # the headline block: headline, then byline or date
        scored[i] = (score, cand, n)
    if not scored:
        return None, None
    i = max(scored, key=lambda k: (scored[k][0], k))
    above = scored.get(i - 1)
    if above and scored[i][2] >= 12 and above[2] < scored[i][2] and not _one_sentence(units[i].text):
        i -= 1  # "Headline" then "A longer standfirst. With two sentences"
    elif above and scored[i][2] >= 12 and above[2] < scored[i][2] and (above[2] >= 5 or above[0] >= scored[i][0] - 0.65):
        i -= 1  # a shorter headline-like line (not a two-word kicker) right above a long one
    best = scored[i][1]
    return best, norm(best)


def _drop_link_lists(kept: list[Unit]) -> list[Unit]:
    """Runs of three or more short unpunctuated lines inside the body are lists of links."""
    out: list[Unit] = []
    i = 0
    n = len(kept)
    while i < n:
        j = i
        while j < n and kept[j].kind == "neutral" and not kept[j].stop_end and kept[j].words <= 15:
            j += 1
        if j - i >= 3 and j - i < n:
            i = j
            continue
        if j > i:
            out.extend(kept[i:j])
            i = j
            continue
        out.append(kept[i])
        i += 1
    return out


def _drop_pull_quotes(kept: list[Unit]) -> list[Unit]:
    """A short line that repeats words of a paragraph (a pull quote set in the body):
    inside a longer paragraph, not merely the same line again.  The paragraphs that
    may hold it are those with its first three words (word triples, looked up by set
    operations: a search of the whole text for each short line grew with the square
    of its length).  With few short lines and paragraphs, each pair is tested
    directly instead, and only a paragraph holding a short line has its triples read
    (the same lines either way: held, with its first three words in a row)."""
    firsts: dict[str, tuple[str, ...]] = {}  # a short line's normal form: its first three words
    read: dict[str, list[str]] = {}  # the words of the short lines (read once)
    for u in kept:
        if 6 <= u.words <= 30 and u.norm and u.norm not in read:
            w = read[u.norm] = _WORD_RE.findall(u.norm)
            if len(w) >= 3:
                firsts[u.norm] = tuple(w[:3])
    if not firsts:
        return kept
    repeats: set[str] = set()
    if len(firsts) * len(kept) <= _PAIRS_MAX:
        for v in kept:
            held = [n for n in firsts if n != v.norm and n in v.norm]
            if held:
                w = _WORD_RE.findall(v.norm)
                triples = set(zip(w, w[1:], w[2:], strict=False))
                repeats.update(n for n in held if firsts[n] in triples)
    else:
        by_start: dict[tuple[str, ...], set[str]] = {}  # a short line's first three words: such lines
        for n, t in firsts.items():
            by_start.setdefault(t, set()).add(n)
        starts = by_start.keys()
        for v in kept:
            w = read.get(v.norm) or _WORD_RE.findall(v.norm)
            for t in starts & set(zip(w, w[1:], w[2:], strict=False)):
                repeats.update(n for n in by_start[t] if n != v.norm and n in v.norm)
    return [u for u in kept if u.norm not in repeats or not 6 <= u.words <= 30]


_PAIRS_MAX = 2_000  # (short lines x paragraphs) tested directly, one substring test a pair
_WORD_RE = re.compile(r"\w+")


def _drop_repeated_leads(kept: list[Unit]) -> list[Unit]:
    """A lead or standfirst that the next paragraphs repeat (a teaser above the body)."""
    out = list(kept)
    for _ in range(3):
        if len(out) < 2:
            break
        head = out[0]
        later: set[str] = set()
        for u in out[1:5]:
            later.update(u.keys)
        if len(_content(head.keys)) >= 5 and _containment(head.keys, later) >= 0.8:
            out.pop(0)
            continue
        break
    return out


def _is_bio(text: str) -> bool:
    """"Jane Doe is a correspondent based in Kyiv.": a name, a verb and a role of
    ``resources/boilerplate/bio.tsv``."""
    table = kinds("bio.tsv")
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in table.get("verb", ()))
    roles = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in table.get("role", ()))
    if not verbs or not roles or not re.match(rf"^(?:[A-Z][\w'’.-]+\s+){{1,4}}(?i:{verbs})\s", text):
        return False
    return re.search(rf"(?i)\b(?:{roles})\b", text[:160]) is not None


def _drop_tail_furniture(kept: list[Unit], lo: int, hi: int, units: list[Unit]) -> list[Unit]:
    """An author's bio after the article, and a list of teasers for other stories
    (three or more one-sentence paragraphs that share almost no words with the body)."""
    out = _drop_teasers(kept)
    while len(out) > 1 and out[-1].kind == "neutral" and not out[-1].stop_end and out[-1].words <= 8:
        out.pop()  # a heading left above what went: an article does not end on one
    while len(out) > 2:
        last = out[-1]
        if last.words <= 60 and _is_bio(last.text):
            out.pop()
            continue
        break
    return out


def _drop_teasers(kept: list[Unit]) -> list[Unit]:
    out = kept
    if len(out) < 5:
        return out
    stop = stopwords()

    def content(u: Unit) -> list[str]:
        return [k for k in u.keys if k not in stop and len(k) > 1]

    j = len(out)
    while j > 2 and 8 <= out[j - 1].words <= 22 and out[j - 1].stop_end and _one_sentence(out[j - 1].text):
        j -= 1
    if j == len(out) or j < 2:
        return out
    above = {k for v in out[:j] for k in content(v)}
    names_above: set[str] | None = None  # read only when a paragraph below names someone
    shares = []
    for u in out[j:]:
        c = content(u)
        names = _names(u.text) if c else set()
        if names and names_above is None:
            names_above = {n for v in out[:j] for n in _names(v.text)}
        if not c or (names and names & names_above):
            shares.append(1.0)  # names someone or something the article names: part of it
        else:
            shares.append(sum(1 for k in c if k in above) / len(c))
    start = len(out)
    while start > j and shares[start - 1 - j] < 0.3:
        start -= 1
    while start < len(out) - 3 and shares[start - j] >= 0.15:
        start += 1  # the boundary paragraph that shares some words is the article's last
    n = len(out) - start
    if n < 3 or sum(shares[start - j :]) / n >= 0.25:
        return out
    if n < 5 and sum(u.words for u in out[:start]) / start < 1.3 * sum(u.words for u in out[start:]) / n:
        return out  # a few, as long as the paragraphs above: more of the same article
    return out[:start]  # shorter than the paragraphs above, and about other things


_NAME_IN_TEXT_RE = re.compile(r"(?<![.!?:;\"“«]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]{3,}")


def _names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence (proper names, roughly), without
    weekdays and months ("on Tuesday" is no link between two stories)."""
    out = set()
    for m in _NAME_IN_TEXT_RE.finditer(text.strip()):
        w = m[0].casefold()
        if w not in md.MONTHS and not md.has_weekday(m[0]):
            out.add(w)
    return out


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for c in items:
        k = key(c)
        if k and k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _domains(units: list[Unit]) -> dict[str, str]:
    """Site labels named on the page: 'devdiscourse' for info@devdiscourse.com."""
    labels: dict[str, str] = {}
    table = kinds("domains.tsv")
    tlds, ignored = frozenset(table.get("tld", ())), frozenset(table.get("ignore", ()))
    for u in units:
        if u.kind == "good" or ("." not in u.text and "@" not in u.text):
            continue
        for m in re.finditer(r"[\w.-]+@([\w-]+(?:\.[\w-]+)+)|(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)+)", u.text):
            dom = (m[1] or m[2] or "").lower()
            parts = dom.split(".")
            if len(parts) < 2 or parts[-1] not in tlds:
                continue
            label = parts[-2] if parts[-2] not in ("co", "com", "org", "net") or len(parts) < 3 else parts[-3]
            if label in ignored or len(label) < 3:
                continue
            labels[label] = dom
    return labels


def _name_from_label(line: str, labels: dict[str, str]) -> str | None:
    words = line.split()
    for k in range(min(4, len(words)), 0, -1):
        joined = re.sub(r"[\W_]", "", "".join(words[:k])).casefold()
        if joined in labels:
            return " ".join(words[:k]).strip(" ,.:;|")
    return None


def _day_first_page(units: list[Unit]) -> bool | None:
    """True when the page is written mostly in a script other than Latin (Arabic,
    Cyrillic, Hebrew, Indic, CJK...): there 03/12/2021 is the 3rd of December.
    None otherwise (a Latin-script page may be American: such dates stay unread)."""
    latin = other = 0
    for u in [u for u in units if u.kind == "good"][:4]:  # a few paragraphs tell the script
        if u.text.isascii():  # every ASCII letter is Latin: count them in one C loop
            latin += sum(map(str.isalpha, u.text))
            continue
        for ch in u.text:
            if ch.isalpha():
                if ch < "\u0250":
                    latin += 1
                else:
                    other += 1
    return True if other > 2 * latin else None


def _posted_by(line: str) -> str | None:
    """"Posted on 5 December 2021 by margaret": the name (or handle) after a dated "by"."""
    m = re.search(r"\bby\s+([\w.'’-]+(?:\s+[\w.'’-]+){0,3})\s*$", line)
    if not m or not md.find_dates(line[: m.start()]):
        return None
    name = m[1]
    return name if (" " not in name or md.name_line(name)) and not name.isdigit() else None


def _lexicon_word_line(text: str) -> bool:
    lines, _ = lexicon()
    return norm(text) in lines or all(w in widget_words() for w in words_of(text))


def _metadata(units: list[Unit], lo: int, hi: int, title: str | None) -> dict:
    outside = [u for i, u in enumerate(units) if i < lo or i >= hi or u.kind == "bad"]
    byline = outlet = None
    published = updated = None
    credits: list[str] = []
    labels = _domains(units)
    title_pos = next((i for i, u in enumerate(units) if title and title in u.text), None)
    positional = None
    dmy = _day_first_page(units)

    for idx, u in enumerate(units):
        if idx >= lo and idx < hi and u.kind != "bad":
            if idx < lo + 2 or idx >= hi - 2:
                # a dateline "MOSCOW (Reuters) -" or a closing "(With inputs from ANI)"
                credits.extend(md.credit_names(u.text))
            continue
        line = u.text
        if byline is None:
            byline = md.byline(line) or _posted_by(line)
            if (
                byline is None and title_pos is not None and title_pos < idx < lo
                and u.kind == "neutral" and u.words <= 8
            ):
                # the first name alone under the headline is its byline ("Sarah Whitfield")
                name = md.name_line(line)
                if name and norm(name) not in labels and not _lexicon_word_line(name):
                    byline = name
            if byline is None and idx < lo:
                parts = [p.strip() for p in re.split(r"\s\|\|?\s", line)]
                if len(parts) == 2 and any(DOMAIN_RE.fullmatch(p.lower()) for p in parts):
                    name = next(p for p in parts if not DOMAIN_RE.fullmatch(p.lower()))
                    if 1 <= len(name.split()) <= 4 and name[:1].isupper() and not md.find_dates(name):
                        byline = name
        lab = md.labelled_date(line, prefer_dmy=dmy)
        if lab is None and md.byline(line) and u.words <= 20:
            stamps = md.find_dates(line, prefer_dmy=dmy)
            if stamps:
                lab = ("published", stamps[0])
        if lab:
            kind, st = lab
            if kind == "published":
                if published is None or (
                    published.clock is None and st.clock is not None and st.day == published.day
                ):
                    published = st
            elif updated is None:
                updated = st
        if positional is None and title_pos is not None and title_pos < idx < lo and u.words <= 16:
            # between the title and the body, a short line stating one date is the
            # publication date ("Washington - 07 dic 2021 - 22:15 CET"), and so is an
            # unlabelled date before a labelled update ("07.12.2021 - 22:15 | Updated: ...")
            stamps = md.find_dates(line, prefer_dmy=dmy)
            alone = len(stamps) == 1 and not lab
            before_update = len(stamps) > 1 and lab and lab[0] == "updated" and stamps[0].end <= lab[1].start
            if alone or before_update:
                positional = stamps[0]
        agency = md.leading_agency(line) if u.words <= 20 else None
        if agency:
            credits.append(agency)
        credits.extend(md.credit_names(line))
    for u in units:
        if outlet is None:
            outlet = md.edited_by_outlet(u.text)
    if outlet is None and labels:
        for u in outside:
            if u.words <= 6:
                outlet = _name_from_label(u.text, labels)
                if outlet:
                    break
    if outlet is None:
        for i, u in enumerate(units):
            if i >= lo and i < hi and u.kind != "bad":
                continue
            m = re.match(r"(?i)^\s*(?:read\s+the\s+(?:full|original)\s+(?:story|article)\s+(?:on|at)|source\s*:)\s+(.{2,60}?)\s*\.?$", u.text)
            if m:
                outlet = m[1]
                break
            if u.norm in ("source", "sources") and i + 1 < len(units) and units[i + 1].words <= 5:
                outlet = units[i + 1].text.strip()
                break
    chosen = published or positional or updated
    return {
        "outlet": outlet,
        "byline": byline,
        "published": chosen.iso() if chosen else None,
        "credits": credits,
    }
