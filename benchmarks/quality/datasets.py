"""Public, human-annotated training data for three Parallax judgments.

Standard library only.  Three loaders, each returning a list of :class:`Pair`:

* :func:`paraphrase_pairs` - MSRP train file: are two news sentences
  paraphrases?  ``label`` is 1 or 0.
* :func:`reuse_pairs` - Clough & Stevenson "Corpus of Plagiarised Short
  Answers": how much of a source text does an answer reuse?  ``label`` is
  ``"cut"``, ``"light"``, ``"heavy"`` or ``"non"`` (see :data:`REUSE3` for an
  approximate METER-style three-way mapping).
* :func:`event_pairs` - ECB+ train topics: do two news articles report the
  same event?  ``label`` is 1 or 0; ``info["kind"]`` says ``same_event``,
  ``same_topic_other_event`` (hard negative) or ``other_topic`` (easy
  negative).

``split="train"`` is OUR 80 % of the public train portion and ``split="dev"``
our held-out 20 %, chosen by a hash of a grouping key (pair id for MSRP,
participant for Clough, ECB+ topic for events) so it never changes.  The
public dev/test portions are never read: only the paths listed in
:data:`SOURCES` are taken out of the mirrors.

Data is read from ``benchmarks/.cache/*.jsonl`` (git-ignored; never commit
it).  If a cache file is missing it is built from a local mirror of the
source repository under ``$PARALLAX_MIRROR_ROOT`` (default ``/work/.mirror``,
laid out ``OWNER+NAME/repo``), reading the pinned commit with
``git show COMMIT:PATH``.  If the mirror is missing too, :class:`MissingData`
says which ``github:OWNER/NAME`` to fetch.

Command line: ``python benchmarks/quality/datasets.py [--rebuild]`` builds the
caches and prints sizes and class counts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CACHE_DIR = Path(os.environ.get("PARALLAX_DATA_CACHE", HERE.parent / ".cache"))
MIRROR_ROOT = Path(os.environ.get("PARALLAX_MIRROR_ROOT", "/work/.mirror"))
DEV_PERCENT = 20
CACHE_VERSION = 1


class Pair(NamedTuple):
    id: str
    left: str
    right: str
    label: object  # int 0/1 (paraphrase, event) or str (reuse level)
    info: dict


class Source(NamedTuple):
    repo: str
    commit: str
    licence: str
    public_split: str
    paths: tuple[str, ...]


SOURCES: dict[str, Source] = {
    "paraphrase": Source(
        repo="Pzeyang/Paraphrase_Identification",
        # The repo's later commit 16cc88a appended 4 made-up pairs (ids -1);
        # this earlier commit holds the untouched 4,076-pair train file.
        commit="6239499b4336487deb67936be09d43a25b4d3f37",
        licence="MSRP: Microsoft Research Paraphrase Corpus terms (research use); "
                "repo LICENSE (GPL-3.0) covers its code only",
        public_split="train (msr_paraphrase_train.txt, 4,076 pairs)",
        paths=("msr_paraphrase_train.txt",),
    ),
    "reuse": Source(
        repo="gauravansal/Plagiarism-Detection",
        commit="522343489d1c61be6b3d594b9b1e79b412794a5f",
        licence="Clough & Stevenson (Univ. Sheffield) corpus, no data licence file; "
                "repo README: MIT (project code); treat as research-only",
        public_split="whole corpus (it has no official split)",
        paths=("data/file_information.csv", "data/orig_task{a..e}.txt",
               "data/g*p*_task*.txt"),
    ),
    "event": Source(
        repo="tommasoc80/EventStoryLine",
        commit="46edefee5e82e0917b823abe0a18bf8c7770f15c",
        licence="ECB+ annotation: CC BY 3.0 (ECB+_LREC2014/LICENSEDATA.TXT)",
        public_split="train topics of the Cybulska & Vossen split",
        paths=("ECB+_LREC2014/ECB+/<train topic>/*.xml",),
    ),
}

# ECB+ split used across the coreference literature (Cybulska & Vossen 2015;
# Kenyon-Dean et al. 2018; Barhom et al. 2019): dev topics 2 5 12 18 21 23 34
# 35, test topics 36-45, train = the rest of 1-35 (15 and 17 do not exist).
ECB_PUBLIC_DEV = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
ECB_TRAIN_TOPICS = tuple(t for t in range(1, 36)
                         if t not in ECB_PUBLIC_DEV and t not in (15, 17))

REUSE_LEVELS = ("cut", "light", "heavy", "non")
# Approximate mapping onto METER's classes.  In Clough & Stevenson all of
# cut/light/heavy derive from the one source; the mapping groups by how much
# source wording survives, which is what a reuse score measures.
REUSE3 = {"cut": "wholly_derived", "light": "partially_derived",
          "heavy": "partially_derived", "non": "non_derived"}


class MissingData(RuntimeError):
    """Neither the cache nor the source mirror is available."""


# ---------------------------------------------------------------- helpers

def in_dev(name: str, key: str) -> bool:
    """Deterministic 20 % hold-out: sha1 of ``name:key``."""
    digest = hashlib.sha1(f"{name}:{key}".encode()).hexdigest()
    return int(digest, 16) % 100 < DEV_PERCENT


def _mirror(name: str) -> Path:
    src = SOURCES[name]
    base = MIRROR_ROOT / src.repo.replace("/", "+")
    for cand in (base / "repo" / ".git", base / "repo", base / ".git", base):
        if cand.is_dir() and (cand / "objects").is_dir():
            ok = subprocess.run(
                ["git", "--git-dir", str(cand), "cat-file", "-e", src.commit + "^{commit}"],
                capture_output=True).returncode == 0
            if ok:
                return cand
            raise MissingData(
                f"{cand} exists but lacks commit {src.commit}. Fetch a newer snapshot "
                f"with the search tool: fetch github:{src.repo}")
    raise MissingData(
        f"No cache {CACHE_DIR / (name + '.jsonl')} and no mirror of {src.repo} under "
        f"{MIRROR_ROOT}. Run the search tool's fetch for github:{src.repo} "
        f"(it lands in {base}/repo), then call this loader again.")


def _show(gitdir: Path, commit: str, path: str) -> bytes:
    out = subprocess.run(["git", "--git-dir", str(gitdir), "show", f"{commit}:{path}"],
                         capture_output=True)
    if out.returncode:
        raise MissingData(f"{path} not found at {commit} in {gitdir}: "
                          f"{out.stderr.decode(errors='replace').strip()}")
    return out.stdout


def _ls(gitdir: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(gitdir), "ls-tree", "--name-only",
                          commit, folder.rstrip("/") + "/"],
                         capture_output=True, check=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write_meta(name: str, counts: dict) -> None:
    src = SOURCES[name]
    meta = {"version": CACHE_VERSION, "repo": src.repo, "commit": src.commit,
            "licence": src.licence, "public_split": src.public_split,
            "dev_percent": DEV_PERCENT, "counts": counts}
    (CACHE_DIR / f"{name}.meta.json").write_text(json.dumps(meta, indent=1) + "\n",
                                                 encoding="utf-8")


def _fresh(name: str) -> bool:
    meta = CACHE_DIR / f"{name}.meta.json"
    if not (CACHE_DIR / f"{name}.jsonl").exists() or not meta.exists():
        return False
    try:
        m = json.loads(meta.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return m.get("version") == CACHE_VERSION and m.get("commit") == SOURCES[name].commit


def _split_arg(split: str) -> str:
    if split not in ("train", "dev", "all"):
        raise ValueError("split must be 'train' (our 80 %), 'dev' (our 20 %) or 'all'")
    return split


def _counts(rows: list[dict]) -> dict:
    out: dict[str, dict] = {}
    for part in ("train", "dev"):
        sel = [r for r in rows if r["split"] == part]
        out[part] = {"n": len(sel),
                     "labels": dict(sorted(Counter(str(r["label"]) for r in sel).items()))}
    return out


# ------------------------------------------------------------- paraphrase

def _build_paraphrase() -> list[dict]:
    src = SOURCES["paraphrase"]
    gitdir = _mirror("paraphrase")
    text = _decode(_show(gitdir, src.commit, "msr_paraphrase_train.txt"))
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    if header[0].strip() != "Quality":
        raise ValueError(f"unexpected MSRP header {header!r}")
    for rec in reader:
        if not rec:
            continue
        quality, id1, id2, s1, s2 = rec
        if id1.startswith("-") or id2.startswith("-"):
            continue  # not MSRP (see the note on the pinned commit)
        pid = f"msrp-{id1}-{id2}"
        rows.append({"id": pid, "left": s1, "right": s2, "label": int(quality),
                     "split": "dev" if in_dev("paraphrase", pid) else "train",
                     "info": {"id1": id1, "id2": id2}})
    if len(rows) != 4076:
        raise ValueError(f"expected 4,076 MSRP train pairs, read {len(rows)}")
    return rows


# ------------------------------------------------------------------ reuse

def _build_reuse() -> list[dict]:
    src = SOURCES["reuse"]
    gitdir = _mirror("reuse")
    info = _decode(_show(gitdir, src.commit, "data/file_information.csv"))
    sources = {t: _decode(_show(gitdir, src.commit, f"data/orig_task{t}.txt")).strip()
               for t in "abcde"}
    rows = []
    for rec in csv.DictReader(io.StringIO(info)):
        level = rec["Category"].strip()
        if level == "orig":
            continue
        if level not in REUSE_LEVELS:
            raise ValueError(f"unknown category {level!r}")
        fname, task = rec["File"].strip(), rec["Task"].strip()
        participant = fname.split("_")[0]
        answer = _decode(_show(gitdir, src.commit, f"data/{fname}")).strip()
        rows.append({"id": f"clough-{fname[:-4]}", "left": sources[task], "right": answer,
                     "label": level,
                     "split": "dev" if in_dev("reuse", participant) else "train",
                     "info": {"task": task, "participant": participant,
                              "reuse3": REUSE3[level], "file": fname}})
    return rows


# ------------------------------------------------------------------ event

_URL_SENT = re.compile(r"^\s*https?\s*:\s*/\s*/", re.I)


def _detok(tokens: list[str]) -> str:
    s = " ".join("\"" if t in ("``", "''") else t for t in tokens)
    s = re.sub(r" ([.,;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s, flags=re.I)
    s = re.sub(r" ?([’']) ?(s|t|re|ve|ll|d|m)\b", r"\1\2", s)
    s = re.sub(r"(\d) ?: (\d)", r"\1:\2", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return s


def _ecb_doc(raw: bytes) -> tuple[str, str]:
    """Return (text, outlet domain or '') of one ECB+ XML document."""
    root = ET.fromstring(raw)
    sents: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sents.setdefault(int(tok.get("sentence")), []).append(tok.text or "")
    outlet = ""
    lines = []
    for n in sorted(sents):
        line = _detok(sents[n])
        if n == 0 and _URL_SENT.match(line):
            url = re.sub(r"\s+", "", " ".join(sents[n]))
            m = re.match(r"https?://(?:www\.)?([^/]+)", url, re.I)
            outlet = m.group(1).lower() if m else ""
            continue
        lines.append(line)
    return "\n".join(lines).strip(), outlet


def _build_event() -> tuple[list[dict], list[dict]]:
    src = SOURCES["event"]
    gitdir = _mirror("event")
    docs = []
    for topic in ECB_TRAIN_TOPICS:
        for path in _ls(gitdir, src.commit, f"ECB+_LREC2014/ECB+/{topic}"):
            fname = path.rsplit("/", 1)[1]
            m = re.fullmatch(r"(\d+)_(\d+)(ecb|ecbplus)\.xml", fname)
            if not m:
                continue
            assert int(m.group(1)) == topic
            text, outlet = _ecb_doc(_show(gitdir, src.commit, path))
            sub = 1 if m.group(3) == "ecb" else 2
            docs.append({"doc": fname[:-4], "topic": topic, "subtopic": sub,
                         "event": f"{topic}.{sub}", "outlet": outlet, "text": text,
                         "split": "dev" if in_dev("event", str(topic)) else "train"})
    docs.sort(key=lambda d: (d["topic"], d["subtopic"], d["doc"]))
    pairs = []
    rng = random.Random(20181031)
    for part in ("train", "dev"):
        pool = [d for d in docs if d["split"] == part]
        pos, hard, easy = [], [], []
        for i, a in enumerate(pool):
            for b in pool[i + 1:]:
                if a["event"] == b["event"]:
                    pos.append((a, b))
                elif a["topic"] == b["topic"]:
                    hard.append((a, b))
                else:
                    easy.append((a, b))
        easy = rng.sample(easy, min(len(easy), len(pos) // 2))
        for kind, label, group in (("same_event", 1, pos),
                                   ("same_topic_other_event", 0, hard),
                                   ("other_topic", 0, easy)):
            for a, b in group:
                pairs.append({"id": f"ecb-{a['doc']}-{b['doc']}", "left": a["doc"],
                              "right": b["doc"], "label": label, "split": part,
                              "info": {"kind": kind, "topics": [a["topic"], b["topic"]],
                                       "outlets": [a["outlet"], b["outlet"]],
                                       "same_outlet": bool(a["outlet"]) and
                                       a["outlet"] == b["outlet"]}})
    return docs, pairs


# --------------------------------------------------------------- building

def build(name: str, force: bool = False) -> None:
    """Build ``benchmarks/.cache/<name>.jsonl`` (and friends) from the mirror."""
    if name not in SOURCES:
        raise KeyError(name)
    if not force and _fresh(name):
        return
    if name == "paraphrase":
        rows = _build_paraphrase()
    elif name == "reuse":
        rows = _build_reuse()
    else:
        docs, rows = _build_event()
        _write_jsonl(CACHE_DIR / "event_docs.jsonl", docs)
    _write_jsonl(CACHE_DIR / f"{name}.jsonl", rows)
    _write_meta(name, _counts(rows))


def _load(name: str, split: str) -> list[dict]:
    split = _split_arg(split)
    build(name)
    rows = _read_jsonl(CACHE_DIR / f"{name}.jsonl")
    return [r for r in rows if split == "all" or r["split"] == split]


def _pairs(rows: list[dict]) -> list[Pair]:
    return [Pair(r["id"], r["left"], r["right"], r["label"], r["info"]) for r in rows]


def paraphrase_pairs(split: str = "train") -> list[Pair]:
    """MSRP train pairs: (id, sentence1, sentence2, 1|0, {id1, id2})."""
    return _pairs(_load("paraphrase", split))


def reuse_pairs(split: str = "train") -> list[Pair]:
    """Clough & Stevenson pairs: (id, source, answer, cut|light|heavy|non, info)."""
    return _pairs(_load("reuse", split))


def event_docs() -> dict[str, dict]:
    """ECB+ train-topic documents by id: topic, subtopic, outlet, text, split."""
    build("event")
    return {d["doc"]: d for d in _read_jsonl(CACHE_DIR / "event_docs.jsonl")}


def event_pairs(split: str = "train") -> list[Pair]:
    """ECB+ article pairs: (id, text_a, text_b, 1|0, {kind, topics, outlets, docs})."""
    rows = _load("event", split)
    docs = event_docs()
    out = []
    for r in rows:
        info = dict(r["info"], docs=[r["left"], r["right"]])
        out.append(Pair(r["id"], docs[r["left"]]["text"], docs[r["right"]]["text"],
                        r["label"], info))
    return out


def summary() -> dict:
    """Per-dataset source and class counts (builds caches if needed)."""
    out = {}
    for name in SOURCES:
        build(name)
        out[name] = json.loads((CACHE_DIR / f"{name}.meta.json").read_text(encoding="utf-8"))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    force = "--rebuild" in argv
    for name in SOURCES:
        try:
            build(name, force=force)
        except MissingData as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            continue
        meta = json.loads((CACHE_DIR / f"{name}.meta.json").read_text(encoding="utf-8"))
        print(f"{name}: {meta['repo']}@{meta['commit'][:10]}  {meta['counts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
