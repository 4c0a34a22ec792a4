"""Derive ``resources/models/subwords.npz`` from WordLlama's bundled tokenizer.

    python training/make_subwords.py            # write the file
    python training/make_subwords.py --check    # compare with the tokenizer, write nothing

:mod:`parallax.reader.align.embedding` splits text into WordLlama's sub-words
itself, with this compact table, instead of building the ``tokenizers``
library's tokenizer from the wheel's 1.8 MB JSON (about 60 MB per process,
which every batch worker would carry).  The table holds what byte-pair
encoding needs, as integers: the single characters of the vocabulary and
their ids, the 256 byte-fallback ids, and the merges in rank order (left id,
right id, merged id).  Source: ``wordllama`` 0.4.0.post1 on PyPI (MIT
licence), ``tokenizers/l2_supercat_tokenizer_config.json``; see
``resources/models/README.md``.

``--check`` (and every run) encodes the MSRP train sentences, the seeds and
a few sentences of other scripts both ways and fails unless the ids are the
same.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "resources" / "models" / "subwords.npz"
SOURCE = ("wordllama", "tokenizers", "l2_supercat_tokenizer_config.json")


def table() -> dict[str, np.ndarray]:
    package, *path = SOURCE
    d = json.loads(resources.files(package).joinpath(*path).read_bytes())
    model = d["model"]
    if model["type"] != "BPE" or not model.get("byte_fallback"):
        raise SystemExit("the tokenizer is not a byte-fallback BPE: this table cannot stand for it")
    vocab = model["vocab"]
    chars = sorted((ord(k), i) for k, i in vocab.items() if len(k) == 1)
    merges = [m.split(" ") for m in model["merges"]]
    return {
        "char_codes": np.array([c for c, _ in chars], dtype=np.uint32),
        "char_ids": np.array([i for _, i in chars], dtype=np.uint16),
        "byte_ids": np.array([vocab[f"<0x{b:02X}>"] for b in range(256)], dtype=np.uint16),
        "merges": np.array([(vocab[a], vocab[b], vocab[a + b]) for a, b in merges], dtype=np.uint16),
    }


def samples() -> list[str]:
    from benchmarks.quality.datasets import paraphrase_pairs
    from parallax.reader.text.keys import token_keys

    out = []
    for p in paraphrase_pairs("train"):
        out += [" ".join(token_keys(p.left)), " ".join(token_keys(p.right))]
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        out.append(" ".join(token_keys(f.read_text(encoding="utf-8"))))
    out += [" ".join(token_keys(s)) for s in (
        "Президент Путин заявил, что «переговоры» идут", "وقال البيت الأبيض إن بايدن أعرب عن القلق",
        "وزیراعظم نواز شریف نے کہا", "פוטין אמר", "拜登对普京说", "Zürich café naïve — 94,000 🇺🇦 😀")]
    return out


def check() -> int:
    """The number of sample texts whose ids differ from the tokenizers library's."""
    from tokenizers import Tokenizer

    from parallax.reader.align import embedding

    package, *path = SOURCE
    tok = Tokenizer.from_str(resources.files(package).joinpath(*path).read_text(encoding="utf-8"))
    bad = 0
    texts = samples()
    for text in texts:
        if tok.encode(text, add_special_tokens=False).ids != list(embedding.sub_words(text)):
            bad += 1
    print(f"{len(texts)} texts encoded both ways: {bad} differ")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the tokenizer only")
    args = ap.parse_args(argv)
    if not args.check:
        np.savez_compressed(OUT, **table())
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")
    return 1 if check() else 0


if __name__ == "__main__":
    sys.exit(main())
