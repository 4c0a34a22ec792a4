"""Notes in the window: what a note is about, the editor, marks and links.

:class:`NoteTools` turns the selections into a note's target (a passage, a
left-right link, an article, the comparison), runs the Markdown editor, opens
a note from its margin mark or the Notes tab, selects both ends of a link, and
hands the comparison view the analyst's links to draw in the gutter.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from parallax.ui.gutter import UserLink
from parallax.ui.note_editor import NoteEditor, Target
from parallax.ui.notes_panel import Entry
from parallax.ui.tag_paint import NoteMark

TIP_CHARS = 200


def _cut(text: str, n: int = TIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class NoteTools(QObject):
    def __init__(self, desk):
        super().__init__(desk)
        self.desk = desk
        self.window = desk.window

    @property
    def lib_session(self):
        return self.desk.session

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    # -- targets and the editor

    def target(self, kind: str) -> Target | None:
        ids = self.desk.ids
        tools = self.desk.tools
        if kind == "passage":
            sel = tools.current_selection()
            if sel is None:
                self._status(self.tr("Select the passage the note is about first."))
                return None
            return Target.passage(sel[0], sel[1], ids.comparison)
        if kind == "link":
            ls, rs = tools.selection("left"), tools.selection("right")
            if ls is None or rs is None or ids.left is None or ids.right is None:
                self._status(self.tr("Select a passage on the left and one on the right, then link them."))
                return None
            return Target.link(ids.left, ls, ids.right, rs, ids.comparison)
        if kind == "article":
            aid = ids.of(self.window.view.active_side)
            return Target.article(aid) if aid is not None else None
        if ids.comparison is None:
            self._status(self.tr("Open two different articles first."))
            return None
        return Target.comparison(ids.comparison)

    def edit(self, target: Target | None) -> bool:
        if target is None:
            return False
        s = self.lib_session
        editor = NoteEditor(s.lib, target, self.window)
        if not self.desk.run_dialog(editor):
            return False
        return s.call(editor.save) is not None

    def edit_entry(self, entry: Entry) -> bool:
        """Open the note of a Notes tab row (or a margin mark)."""
        s = self.lib_session
        lib = s.lib
        if entry.kind == "annotation":
            a = s.call(lib.annotations.get, entry.id)
            if a is None:
                return False
            return self.edit(Target.passage(a.article_id, a.span, a.comparison_id))
        if entry.kind == "link":
            ends = self._link_ends(entry.id)
            if ends is None:
                return False
            ln, src, dst = ends
            return self.edit(Target.link(src.article_id, src.span, dst.article_id, dst.span, ln.comparison_id))
        n = s.call(lib.notes.get, entry.id)
        if n is None:
            return False
        if n.article_id is not None:
            return self.edit(Target.article(n.article_id))
        return self.edit(Target.comparison(n.comparison_id))

    def open_mark(self, mark: NoteMark) -> bool:
        """A click on a margin mark: open its note."""
        return self.edit_entry(Entry(mark.kind, mark.id, None, mark.span.start, mark.span.end, mark.tip))

    # -- links

    def _link_ends(self, link_id: int):
        s = self.lib_session
        ln = s.call(s.lib.links.get, link_id)
        if ln is None:
            return None
        src = s.call(s.lib.annotations.get, ln.source_id)
        dst = s.call(s.lib.annotations.get, ln.target_id)
        if src is None or dst is None:
            return None
        return ln, src, dst

    def user_links(self) -> list[UserLink]:
        """The analyst's links between the two articles on screen, left end first."""
        ids = self.desk.ids
        if ids.comparison is None or ids.left is None or ids.right is None:
            return []
        s = self.lib_session
        anns = {a.id: a for side in ("left", "right") for a in s.article_annotations(ids.of(side))}
        out = []
        for ln in s.call(s.lib.links.all, comparison_id=ids.comparison) or []:
            src, dst = anns.get(ln.source_id), anns.get(ln.target_id)
            if src is None or dst is None:
                continue
            if src.article_id == ids.right and dst.article_id == ids.left:
                src, dst = dst, src
            if src.article_id != ids.left or dst.article_id != ids.right:
                continue
            body = f"\n{_cut(ln.note)}" if ln.note.strip() else ""
            out.append(UserLink(ln.id, src.span, dst.span,
                                self.tr("Your link ({relation}): “{left}” ↔ “{right}”{note}\n"
                                        "Click to select both ends; open the note from the Notes tab.").format(
                                    relation=ln.relation, left=_cut(src.exact, 60), right=_cut(dst.exact, 60),
                                    note=body)))
        return out

    def show_link(self, link_id: int) -> bool:
        """Select both ends of a link, opening their comparison first if it is not on screen."""
        ends = self._link_ends(link_id)
        if ends is None:
            return False
        ln, src, dst = ends
        ids = self.desk.ids
        if {src.article_id, dst.article_id} <= {ids.left, ids.right} and ids.left != ids.right:
            spans = {ids.side_of(a.article_id): a.span for a in (src, dst)}
            self.window.view.show_spans(spans.get("left"), spans.get("right"),
                                        self.tr("Link: {relation}").format(relation=ln.relation))
            self._status(self.tr("Link ({relation}): both ends selected.").format(relation=ln.relation))
            return True
        if ln.comparison_id is None:
            return False
        self.desk.after_pair(lambda: self.show_link(link_id))
        return self.desk.open_comparison(ln.comparison_id)

    def link_clicked(self, link: UserLink) -> None:
        self.window.view.show_spans(link.left, link.right, self.tr("Link"))
