"""The window's side of issue #17: Notes > Export writes a REFI-QDA project and a plain
CSV, Notes > Import reads any file the command line reads."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from parallax.reader.model import Article
from parallax.reader.notes.library import Library
from parallax.ui.export_dialog import ExportDialog
from parallax.ui.library_session import LibrarySession
from tests.refi_qda import errors
from tests.test_ui_library import LEFT, app_window  # noqa: F401 - the window fixture
from tests.test_workflow_session import select


def test_export_dialog_writes_qdpx_and_plain_csv(app_window, tmp_path):  # noqa: F811
    window, wf = app_window
    lib = wf.session.lib
    select(window.left.view, LEFT, "two hours")
    assert wf.tag_side("left", "=Danger")
    dlg = ExportDialog(lib, window, comparison_id=wf.session.comparison_id)
    dlg.set_choice(scope="library", fmt="qdpx")
    assert dlg.path.text().endswith(".qdpx")
    out = dlg.export()
    assert out is not None and errors("Project", zipfile.ZipFile(out).read("project.qde")) == []
    dlg.set_choice(fmt="csv-plain")
    assert dlg.path.text().endswith(".csv") and not dlg.path.text().endswith("csv-plain")
    rows = list(csv.DictReader(io.StringIO(dlg.export().read_text(encoding="utf-8"))))
    assert rows[0]["quote"] == "two hours" and rows[0]["tags"] == "=Danger"
    # and the menu imports it back into another library, undoably
    assert wf.window.actions["import"] in wf.notes_menu.actions()
    other = LibrarySession(Library(tmp_path / "other.db"))
    try:
        from parallax.ui.export_dialog import import_notes

        summary = import_notes(other, out)
        assert summary.startswith(f"Imported 1 annotation from {out.name}")
        assert [a.exact for a in other.lib.annotations()] == ["two hours"]
        other.lib.undo()
        assert other.lib.annotations() == []
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"rows": []}), encoding="utf-8")
        said = []
        other.error.connect(said.append)
        assert import_notes(other, bad) is None
        assert len(said) == 1 and "holds no annotations" in said[0]
    finally:
        other.close()
    # through the window's own action, with a path (no file dialog)
    lib.add_article(Article(text="Another article entirely, with its own words.", title="Third"))
    summary = wf.import_notes(str(out))
    assert summary is not None and "already present" in summary
