"""How fast the analyst's coding is drawn and kept in the library, at scale.

    python benchmarks/workflow_paint.py [ANNOTATIONS]

A 100,000-word article with ANNOTATIONS (default 5,000) tagged passages
(1-3 of 9 tags each, overlapping at random) is stored in a temporary
library.  Reported:

* ``coding_runs`` and ``stripe_lanes`` (the Qt-free rules) for all of them;
* one tag keystroke end to end (the library write, then repainting the tints
  and the stripes of the pane), the cost an analyst feels per key press;
* the notes panel refreshing over all of them;
* one undo.

Runs offscreen; prints figures, asserts nothing.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QTextCursor

    from parallax.reader.model import Article
    from parallax.reader.notes.coding import coding_runs, stripe_lanes
    from parallax.reader.notes.library import Library
    from parallax.ui.app import application
    from parallax.ui.main_window import MainWindow
    from parallax.ui.settings import open_settings
    from parallax.ui.tag_paint import coded
    from parallax.ui.workflow import install

    app = application(offscreen=True)
    rng = random.Random(7)
    words = ["troops", "border", "talks", "Biden", "Putin", "sanctions", "said", "the", "of", "and",
             "Ukraine", "escalation", "video", "call", "hours", "Kremlin", "White", "House"]
    paras = []
    for _ in range(2000):
        paras.append(" ".join(rng.choice(words) for _ in range(50)) + ".")
    text = "\n\n".join(paras)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        lib = Library(db)
        for i in range(len(lib.tags()), 9):
            lib.add_tag(f"Tag {i + 1}")
        tags = [t.name for t in lib.tags()][:9]
        aid = lib.add_article(Article(text, title="Long")).id
        t0 = time.perf_counter()
        for _ in range(n):
            s = rng.randrange(0, len(text) - 400)
            lib.add_annotation(aid, (s, s + rng.randrange(5, 400)), tags=rng.sample(tags, rng.randint(1, 3)))
        t_add = time.perf_counter() - t0
        anns = lib.annotations(article_id=aid)
        order = [t.id for t in lib.tags()]
        t0 = time.perf_counter()
        runs = coding_runs(coded(anns), order=order)
        t_runs = time.perf_counter() - t0
        t0 = time.perf_counter()
        lanes = stripe_lanes(coded(anns), order=order)
        t_lanes = time.perf_counter() - t0
        lib.close()

        window = MainWindow(settings=open_settings(str(Path(tmp) / "s.ini")), theme="light")
        wf = install(window, str(db), restore_geometry=False)
        window.resize(1600, 1000)
        window.show()
        window.show_articles(Article(text, title="Long"), Article(text[: len(text) // 2], title="Half"))
        while not window.is_idle():
            QCoreApplication.processEvents()
        for _ in range(5):
            QCoreApplication.processEvents()
        view = window.left.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(100)
        cursor.setPosition(160, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        t0 = time.perf_counter()
        wf.tag_side("left", tags[0])
        QCoreApplication.processEvents()
        t_key = time.perf_counter() - t0
        t0 = time.perf_counter()
        wf.notes_panel.refresh()
        t_panel = time.perf_counter() - t0
        t0 = time.perf_counter()
        wf.session.undo()
        QCoreApplication.processEvents()
        t_undo = time.perf_counter() - t0
        window.close()
        wf.session.close()
        del app

    print(f"annotations: {n:,} on a {len(text.split()):,}-word article ({len(runs):,} runs, "
          f"{max(ln.lane for ln in lanes) + 1} stripe lanes)")
    print(f"store them one write each:   {t_add:8.2f} s  ({t_add / n * 1000:.2f} ms per annotation)")
    print(f"coding_runs:                 {t_runs * 1000:8.1f} ms")
    print(f"stripe_lanes:                {t_lanes * 1000:8.1f} ms")
    print(f"one tag key press, repainted:{t_key * 1000:8.1f} ms")
    print(f"notes panel refresh:         {t_panel * 1000:8.1f} ms")
    print(f"one undo, repainted:         {t_undo * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
