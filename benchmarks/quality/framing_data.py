"""Propaganda Techniques Corpus (PTC, SemEval-2020 Task 11) loader -- TRAIN split only.

Used to learn and check Parallax's framing markers (loaded terms, hedges,
scare quotes) against human-marked spans.  Stdlib only.

Only the public *train* split is ever read: ``datasets/train-articles/`` and
``datasets/train-task2-TC.labels``.  The PTC dev/test articles and labels are
never opened.  The 371 train articles are divided deterministically, by a hash
of the article id, into OUR train portion (~80%) and OUR dev portion (~20%):

    articles("train")  -> ~80% of the PTC train split (learn rules here)
    articles("dev")    -> ~20% of the PTC train split (held out, score here)

Each article is ``(article_id, text, spans)`` with ``spans`` a sorted list of
``(start, end, technique)`` character offsets into ``text`` (end exclusive),
restricted by default to the four framing techniques in FRAMING_TECHNIQUES.

Source: a bare mirror of github.com/aschern/semeval2020_task11, commit
84c384d3813a51f4face15086463952ebc2e0993 (the dataset was deleted from that
repo in a later commit, 104696a0, so it is read from the old commit with
``git show``).  See training/FRAMING_SOURCES.md.  The parsed data are cached
as JSONL under ``benchmarks/.cache/framing/`` (git-ignored, never committed).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

REPO = "aschern/semeval2020_task11"
COMMIT = "84c384d3813a51f4face15086463952ebc2e0993"
ARTICLES_DIR = "datasets/train-articles"
LABELS_FILE = "datasets/train-task2-TC.labels"

FRAMING_TECHNIQUES = (
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Doubt",
    "Exaggeration,Minimisation",
)
# Technique groups roughly matching Parallax's marker kinds (for per-class scoring).
GROUPS = {
    "loaded": ("Loaded_Language", "Name_Calling,Labeling"),
    "doubt": ("Doubt",),
    "exaggeration": ("Exaggeration,Minimisation",),
}

DEV_PERCENT = 20
CACHE_VERSION = 1

_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("PARALLAX_FRAMING_CACHE", _ROOT / "benchmarks" / ".cache" / "framing"))
MIRROR = Path(os.environ.get(
    "PARALLAX_PTC_MIRROR", "/work/.mirror/" + REPO.replace("/", "+") + "/repo"))


def is_dev(article_id: str) -> bool:
    """Deterministic ~20% hold-out of the PTC *train* split (our dev portion)."""
    h = int(hashlib.sha256(("ptc-holdout:" + str(article_id)).encode()).hexdigest(), 16)
    return h % 100 < DEV_PERCENT


def _git(*args: str) -> bytes:
    try:
        return subprocess.run(
            ["git", "--git-dir", str(MIRROR), *args],
            check=True, capture_output=True).stdout
    except FileNotFoundError as exc:  # git missing
        raise RuntimeError("git is needed to read the PTC mirror") from exc
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(
            "cannot read {} at commit {} in {}: {}".format(
                REPO, COMMIT, MIRROR, exc.stderr.decode(errors="replace").strip())) from exc


def _build_cache() -> None:
    if not MIRROR.exists():
        raise RuntimeError(
            f"PTC train data not cached in {CACHE_DIR} and no mirror at {MIRROR}.\n"
            f"Fetch the public GitHub repo {REPO} (e.g. the `fetch` tool with github:{REPO}, "
            f"or `git clone --bare https://github.com/{REPO} {MIRROR}`); the data live at commit {COMMIT}, "
            "or set PARALLAX_PTC_MIRROR to a bare git dir of that repo.")
    names = _git("ls-tree", "--name-only", COMMIT, ARTICLES_DIR + "/").decode().split()
    labels: dict[str, list] = {}
    for line in _git("show", f"{COMMIT}:{LABELS_FILE}").decode("utf-8").splitlines():
        if not line.strip():
            continue
        aid, tech, start, end = line.rstrip("\n").split("\t")
        labels.setdefault(aid, []).append((int(start), int(end), tech))
    rows = {"train": [], "dev": []}
    for path in sorted(names):
        base = path.rsplit("/", 1)[-1]
        if not (base.startswith("article") and base.endswith(".txt")):
            continue
        aid = base[len("article"):-len(".txt")]
        # decode bytes ourselves: offsets are Python str indices (no CRs in PTC train)
        text = _git("show", f"{COMMIT}:{path}").decode("utf-8")
        spans = []
        for s, e, t in sorted(labels.get(aid, ())):
            s, e = max(0, s), min(len(text), e)
            if e > s:
                spans.append([s, e, t])
        rows["dev" if is_dev(aid) else "train"].append({"id": aid, "text": text, "spans": spans})
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for split, items in rows.items():
        tmp = CACHE_DIR / (split + ".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        tmp.replace(CACHE_DIR / (split + ".jsonl"))
    meta = {"version": CACHE_VERSION, "repo": REPO, "commit": COMMIT,
            "articles_dir": ARTICLES_DIR, "labels_file": LABELS_FILE,
            "dev_percent": DEV_PERCENT,
            "n_train": len(rows["train"]), "n_dev": len(rows["dev"])}
    (CACHE_DIR / "meta.json").write_text(json.dumps(meta, indent=1))


def _cache_ok() -> bool:
    try:
        meta = json.loads((CACHE_DIR / "meta.json").read_text())
    except (OSError, ValueError):
        return False
    return (meta.get("version") == CACHE_VERSION and meta.get("commit") == COMMIT
            and all((CACHE_DIR / (s + ".jsonl")).exists() for s in ("train", "dev")))


def articles(split: str = "train", techniques=FRAMING_TECHNIQUES):
    """List of (article_id, text, spans) for OUR ``train`` or ``dev`` portion.

    ``spans`` = sorted [(start, end, technique)], filtered to ``techniques``
    (pass ``None`` for all 14 PTC techniques).
    """
    if split not in ("train", "dev"):
        raise ValueError("split must be 'train' or 'dev' (portions of the PTC train split)")
    if not _cache_ok():
        _build_cache()
    keep = None if techniques is None else set(techniques)
    out = []
    with open(CACHE_DIR / (split + ".jsonl"), encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            spans = [(s, e, t) for s, e, t in item["spans"] if keep is None or t in keep]
            out.append((item["id"], item["text"], spans))
    return out


def gold_by_article(arts, group=None):
    """{article_id: [(start, end, technique)]}, optionally restricted to a GROUPS key."""
    keep = None if group is None else set(GROUPS[group])
    return {aid: [sp for sp in spans if keep is None or sp[2] in keep] for aid, _, spans in arts}


if __name__ == "__main__":
    from collections import Counter
    for split in ("train", "dev"):
        arts = articles(split)
        c = Counter(t for _, _, sp in arts for *_, t in sp)
        print(split, len(arts), "articles,", sum(len(t) for _, t, _ in arts), "chars,",
              sum(c.values()), "spans", dict(c))
