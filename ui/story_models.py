"""Qt item models over a :class:`~parallax.reader.comparison.collation.Collation`.

They only adapt: every value, status and span comes from the collation; the
models say how a cell reads (text, tooltip, colour from the palette) and hand
the cell's source and code-point spans to the view (``SPANS_ROLE``).  Sorting
goes through ``SORT_ROLE`` (numbers sort as numbers) and a
:class:`QSortFilterProxyModel`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from parallax.reader.comparison.collation import Collation, FactCell
from parallax.reader.model import Span
from parallax.ui.style import Style

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SPANS_ROLE = Qt.ItemDataRole.UserRole + 2  # (source index, (Span, ...)) or None
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 3  # the source index of a column / row
COVERAGE_ROLE = Qt.ItemDataRole.UserRole + 4  # (text length, ((Span, others), ...), n - 1)
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # a matrix cell's row in the collation's matrix
NOTE_MARK = "✎ "  # before the value of a matrix row that has a note

_ROOT = QModelIndex()
_STATUS_TEXT = {"present": "✓", "absent": "—", "conflict": "≠"}


def _tr(text: str, n: int = -1) -> str:
    """The models' words in the reader's language (context ``StoryModels``, which
    pyside6-lupdate collects)."""
    return QCoreApplication.translate("StoryModels", text, None, n)


def nice_date(iso: str | None) -> str:
    return iso.replace("T", " ")[:16] if iso else QCoreApplication.translate("StoryModels", "undated")


def coverage(collation: Collation, source: int) -> tuple[tuple[Span, int], ...]:
    """Each passage span of ``source`` with how many other sources carry that passage."""
    out = []
    for p in collation.passages:
        c = p.carrier(source)
        if c is not None:
            out.extend((span, len(p.carriers) - 1) for span in c.spans)
    return tuple(sorted(out))


def heat(style: Style, others: int, most: int) -> QColor:
    """A tint of the verbatim swatch, stronger the more outlets share a passage."""
    base, full = style.colour("base"), style.swatch["verbatim"]
    t = 0.25 + 0.75 * (others / most) if most and others else 0.0
    return QColor(round(base.red() + (full.red() - base.red()) * t),
                  round(base.green() + (full.green() - base.green()) * t),
                  round(base.blue() + (full.blue() - base.blue()) * t))


class _Model(QAbstractTableModel):
    def __init__(self, collation: Collation, style: Style, parent=None):
        super().__init__(parent)
        self.collation = collation
        self.style_ = style

    def set_style(self, style: Style) -> None:
        self.style_ = style
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _background(self, layer: str) -> QColor:
        return QColor(self.style_.layers.get(layer, {}).get("background", self.style_.swatch[layer].name()))


class _ListModel(_Model):
    """A table with fixed column headers and one row per item of the collation."""

    HEADERS: tuple[str, ...] = ()

    def _rows(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._rows()

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        # the tooltip says the whole header where a narrow column elides it
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and orientation == Qt.Orientation.Horizontal:
            return _tr(self.HEADERS[section])
        return None


class SourcesModel(_ListModel):
    """One row per source: label, date, credits, wire agencies, coverage strip."""

    HEADERS = (QT_TRANSLATE_NOOP("StoryModels", "Source"), QT_TRANSLATE_NOOP("StoryModels", "Published"),
               QT_TRANSLATE_NOOP("StoryModels", "Credits"), QT_TRANSLATE_NOOP("StoryModels", "Wire agencies"),
               QT_TRANSLATE_NOOP("StoryModels", "Coverage by the other outlets"))

    def _rows(self) -> int:
        return len(self.collation.sources)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        k, col = index.row(), index.column()
        s = self.collation.sources[k]
        a = s.article
        if role == SOURCE_ROLE:
            return k
        if role == COVERAGE_ROLE and col == 4:
            return len(a.text), coverage(self.collation, k), len(self.collation.sources) - 1
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == 0:
                return s.label
            if col == 1:
                return (a.published or "~") if role == SORT_ROLE else nice_date(a.published)
            if col == 2:
                return ", ".join(a.credits)
            if col == 3:
                return ", ".join(a.agencies)
            if col == 4:
                shared = sum(sp.length for sp, _ in coverage(self.collation, k))
                return shared / len(a.text) if role == SORT_ROLE and a.text else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 4:
                return QCoreApplication.translate("StoryModels", "How many of the other outlets carry each passage of this source, from its "
                           "start (left) to its end (right): darker is more; grey is its own text.")
            return f"{a.display_name}\n{nice_date(a.published)}" + (
                "\n" + QCoreApplication.translate("StoryModels", "by {byline}").format(byline=a.byline) if a.byline else "")
        return None


class _MatrixModel(_Model):
    """Rows × (two describing columns, then one column per source)."""

    LEAD = (QT_TRANSLATE_NOOP("StoryModels", "Kind"), QT_TRANSLATE_NOOP("StoryModels", "Value"))
    MATRIX = "facts"

    def __init__(self, collation: Collation, style: Style, parent=None):
        super().__init__(collation, style, parent)
        self.row_notes: dict[int, str] = {}  # row -> the analyst's note on it

    def set_row_notes(self, notes: dict[int, str]) -> None:
        """The notes on this matrix's rows (row index -> note text); marked in the value column."""
        changed = set(notes) ^ set(self.row_notes) | {r for r in notes if notes[r] != self.row_notes.get(r)}
        self.row_notes = dict(notes)
        for r in changed:
            if 0 <= r < self.rowCount():
                self.dataChanged.emit(self.index(r, 1), self.index(r, 1))

    def rows(self) -> tuple:
        raise NotImplementedError

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.LEAD) + len(self.collation.sources)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        k = section - len(self.LEAD)
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.LEAD[section]) if k < 0 else self.collation.sources[k].label
        if role == Qt.ItemDataRole.ToolTipRole and k >= 0:
            s = self.collation.sources[k]
            return f"{s.article.display_name} ({nice_date(s.published)})"
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows()[index.row()]
        if role == ROW_ROLE:
            return index.row()
        k = index.column() - len(self.LEAD)
        note = self.row_notes.get(index.row())
        if k < 0:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                text = self.lead(row)[index.column()]
                return NOTE_MARK + text if note and index.column() == 1 and role != SORT_ROLE else text
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = self.row_tip(row)
                return tip + ("\n\n" + QCoreApplication.translate("StoryModels", "Your note on this row:") + f"\n{note}" if note else "")
            return None
        if role == SOURCE_ROLE:
            return k
        return self.cell(row, row.cells[k], role)

    def lead(self, row) -> tuple[str, str]:
        raise NotImplementedError

    def row_tip(self, row) -> str:
        return ""

    def cell(self, row, cell, role) -> Any:
        raise NotImplementedError


class FactsModel(_MatrixModel):
    """Facts × outlets: present (✓ and its words), absent (—), conflicting (≠ the other value)."""

    def rows(self) -> tuple:
        return self.collation.facts

    def lead(self, row) -> tuple[str, str]:
        return row.kind, row.value + (f" ({row.speaker})" if row.speaker else "")

    def row_tip(self, row) -> str:
        return f"{row.kind}: {row.value}" + (
            "\n" + QCoreApplication.translate("StoryModels", "speaker: {speaker}").format(speaker=row.speaker) if row.speaker else "")

    def cell(self, row, cell: FactCell, role) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            mark = _STATUS_TEXT[cell.status]
            return f"{mark} {cell.value}" if cell.status == "conflict" else mark
        if role == SORT_ROLE:
            return {"present": 2, "conflict": 1, "absent": 0}[cell.status]
        if role == SPANS_ROLE:
            return (cell.source, cell.spans) if cell.spans else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.status == "present":
                return self._background("verbatim")
            if cell.status == "conflict":
                c = self.style_.colour("conflict")
                c.setAlpha(90)
                return c
            return self._background("unique")
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.style_.colour("text" if cell.status != "absent" else "muted")
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.status != "conflict":
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self.collation.sources[cell.source].label
            if cell.status == "absent":
                return QCoreApplication.translate("StoryModels", "{source} does not give this {kind}.").format(source=label, kind=row.kind)
            if cell.status == "conflict":
                lines = [QCoreApplication.translate("StoryModels", "{source}: {value} (conflicts)").format(source=label, value=cell.value)]
            else:
                lines = [f"{label}: {cell.value}"]
            if cell.reason:
                lines.append(QCoreApplication.translate("StoryModels", "Why one quantity: {reason}").format(reason=cell.reason))
            if cell.speaker:
                lines.append(QCoreApplication.translate("StoryModels", "Speaker: {speaker}").format(speaker=cell.speaker))
            lines.append(QCoreApplication.translate("StoryModels", "Click to see it in the text."))
            return "\n".join(lines)
        return None


class FramingModel(_MatrixModel):
    """Framing choices × outlets: the forms each outlet writes (naming, scare quotes, hedges...)."""

    LEAD = (QT_TRANSLATE_NOOP("StoryModels", "Category"), QT_TRANSLATE_NOOP("StoryModels", "Term"))
    MATRIX = "framing"

    def rows(self) -> tuple:
        return self.collation.framing

    def lead(self, row) -> tuple[str, str]:
        return row.category, row.term

    def row_tip(self, row) -> str:
        return f"{row.category}: {row.term}" + (f"\n{row.note}" if row.note else "")

    def cell(self, row, cell, role) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            text = " / ".join(cell.texts)
            if role == SORT_ROLE:
                return text.casefold() or "~"
            return text or _STATUS_TEXT["absent"]  # "—" as in the other matrices, never a blank cell
        if role == SPANS_ROLE:
            return (cell.source, cell.spans) if cell.spans else None
        if role == Qt.ItemDataRole.TextAlignmentRole and not cell.texts:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not cell.texts:
                return self.style_.colour("muted")
            layer = f"framing-{row.category}"
            fg = self.style_.layers.get(layer, {}).get("foreground")
            return QColor(fg) if fg else self.style_.colour("text")
        if role == Qt.ItemDataRole.BackgroundRole and not cell.texts:
            return self._background("unique")
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self.collation.sources[cell.source].label
            if not cell.texts:
                return QCoreApplication.translate("StoryModels", "{source} does not write this.").format(source=label)
            note = f"\n{row.note}" if row.note else ""
            return (QCoreApplication.translate("StoryModels", "{source} writes: {forms}").format(source=label, forms=", ".join(cell.texts))
                    + note + "\n" + QCoreApplication.translate("StoryModels", "Click to see it in the text."))
        return None


class VoicesModel(_MatrixModel):
    """Quoted speakers × outlets: how many quotations and words each outlet gives them."""

    LEAD = (QT_TRANSLATE_NOOP("StoryModels", "Speaker"), QT_TRANSLATE_NOOP("StoryModels", "Outlets"))
    MATRIX = "voices"

    def rows(self) -> tuple:
        return self.collation.voices

    def lead(self, row) -> tuple[str, str]:
        return row.speaker, str(sum(1 for c in row.cells if c.quotes))

    def cell(self, row, cell, role) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("StoryModels", "{quotes} q · {words} w").format(quotes=cell.quotes, words=cell.words) if cell.quotes else "—"
        if role == SORT_ROLE:
            return cell.words
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background("paraphrase" if cell.quotes else "unique")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self.collation.sources[cell.source].label
            if not cell.quotes:
                return QCoreApplication.translate("StoryModels", "{source} does not quote {speaker}.").format(source=label, speaker=row.speaker)
            times, words = cell.quotes, cell.words  # (plain names: pyside6-lupdate skips a count that is an attribute)
            if times == 1:
                said = QCoreApplication.translate("StoryModels", "{source} quotes {speaker} once, {words} in all.",
                                                  "", times)
            else:
                said = QCoreApplication.translate("StoryModels", "{source} quotes {speaker} %n times, {words} in all.",
                                                  "", times)
            # each count with its own plural: "3 times, 1 word", not "1 words"
            in_all = (QCoreApplication.translate("StoryModels", "%n word", "", words) if words == 1
                      else QCoreApplication.translate("StoryModels", "%n words", "", words))
            return said.format(source=label, speaker=row.speaker, words=in_all)
        return None


class ReuseModel(_ListModel):
    """The reuse graph as rows: who derives from whom, wholly or partially, and why."""

    HEADERS = (QT_TRANSLATE_NOOP("StoryModels", "Derived"), QT_TRANSLATE_NOOP("StoryModels", "From"),
               QT_TRANSLATE_NOOP("StoryModels", "Reuse"), QT_TRANSLATE_NOOP("StoryModels", "Direction"),
               QT_TRANSLATE_NOOP("StoryModels", "Evidence"))

    def _rows(self) -> int:
        return len(self.collation.reuse)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        link = self.collation.reuse[index.row()]
        labels = [s.label for s in self.collation.sources]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            col = index.column()
            if col == 0:
                return labels[link.derived]
            if col == 1:
                return labels[link.origin] if link.origin is not None else QCoreApplication.translate("StoryModels", "{agency} (credited, not among these)").format(
                    agency=link.agency)
            if col == 2:
                return link.reuse
            if col == 3:
                return _tr({"by-date": QT_TRANSLATE_NOOP("StoryModels", "by date"),
                            "by-credit": QT_TRANSLATE_NOOP("StoryModels", "by wire credit"),
                            "unknown": QT_TRANSLATE_NOOP("StoryModels", "unknown (could be the other way)"),
                            }[link.direction])
            if col == 4:
                e = link.evidence
                if e is None:
                    return QCoreApplication.translate("StoryModels", "wire credit only")
                lo, hi = sorted((link.derived, link.origin if link.origin is not None else link.derived))
                return QCoreApplication.translate("StoryModels", "shares {left:.0%} of {a}'s words, {right:.0%} of {b}'s; longest common run "
                           "{run} words").format(left=e.covered_left, a=labels[lo], right=e.covered_right,
                                                 b=labels[hi], run=e.longest_run)
        if role == Qt.ItemDataRole.ToolTipRole:
            return link.note
        return None
