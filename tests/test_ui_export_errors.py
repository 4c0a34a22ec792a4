"""A failed export says what went wrong in words: no exception names, the details in the log."""

from __future__ import annotations

import errno

import pytest

from parallax.ui import export_dialog


def _run(monkeypatch, exc: BaseException) -> list[str]:
    def fail(*_a, **_k):
        raise exc

    monkeypatch.setattr(export_dialog, "write_export", fail)
    job = export_dialog._ExportJob(None, "/tmp/out.pdf", "pdf")
    got: list[str] = []
    job.signals.failed.connect(got.append)
    job.run()
    return got


def test_a_full_disk_is_said_in_words(qtbot, monkeypatch):
    got = _run(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    assert got == ["parallax: error: the export could not be written: No space left on device"]


@pytest.mark.parametrize("exc", [AttributeError("'str' object has no attribute 'x'"), KeyError("page")])
def test_a_bug_names_no_exception_class(qtbot, monkeypatch, exc):
    (line,) = _run(monkeypatch, exc)
    assert line.startswith("parallax: error: the export failed (an internal error)")
    assert type(exc).__name__ not in line and "'str' object" not in line
