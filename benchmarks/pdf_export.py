"""PDF export of a large library, as the export dialog runs it: 20,000 annotations.

    python benchmarks/pdf_export.py [--annotations N] [--repeat R] [--db PATH]

Target (issue #16 item 16): 20,000 annotations print in under 3 s.  The library is
built in a temporary directory (or --db, reused when it already holds enough
annotations) the way ``benchmarks/library_scale.py`` builds it: 200 synthetic
articles, annotations with 1-2 tags and short notes.  Each run is the dialog's own
path, ``parallax.ui.export_dialog.write_export`` (read the library, build the print
document, lay it out and print it with Qt, rename the file into place), once
without and once with a progress callback (what the dialog's background job passes,
so that its progress bar and Cancel cost nothing to speak of).  Wall time and CPU
time (this process and its printing children) are printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.library_scale import build
from parallax.reader.notes.library import Library

TARGET_S = 3.0


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--annotations", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="a library to build (or reuse) instead of a temporary one")
    args = ap.parse_args(argv)

    from PySide6.QtGui import QGuiApplication

    from parallax.ui.export_dialog import write_export

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory(prefix="parallax-pdf-bench-")
    db = Path(args.db) if args.db else Path(tmp.name) / "notes.db"
    with Library(db) as lib:
        have = lib.annotations.count()
    if have < args.annotations:
        print(f"building a library of {args.annotations:,} annotations ...", flush=True)
        print(f"  built in {build(db, args.annotations - have):.1f} s")
    slow = False
    with Library(db) as lib:
        n = lib.annotations.count()
        print(f"PDF export of the whole library: {n:,} annotations (target {TARGET_S:.0f} s)")
        for label, with_progress in (("plain", False), ("with progress", True)):
            best, best_cpu, calls = float("inf"), 0.0, 0
            for _ in range(args.repeat):
                seen: list[float] = []
                progress = seen.append if with_progress else None
                out = Path(tmp.name) / "notes.pdf"
                t0, c0 = time.perf_counter(), _cpu()
                write_export(lib, out, "pdf", scope="library", progress=progress)
                dt, cpu = time.perf_counter() - t0, _cpu() - c0
                if dt < best:
                    best, best_cpu, calls = dt, cpu, len(seen)
                size = out.stat().st_size
                out.unlink()
            flag = "ok " if best <= TARGET_S else "SLOW"
            slow |= best > TARGET_S
            extra = f", {calls} progress reports" if with_progress else ""
            print(f"  [{flag}] {label:<14} best of {args.repeat}: {best:6.2f} s wall, "
                  f"{best_cpu:5.1f} s CPU ({size / 1e6:.1f} MB{extra})")
        out = Path(tmp.name) / "notes.pdf"
        write_export(lib, out, "pdf", scope="library")
        from pypdf import PdfReader

        print(f"  {len(PdfReader(out).pages):,} pages")
    tmp.cleanup()
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
