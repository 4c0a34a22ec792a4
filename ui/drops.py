"""Files dragged onto a window: their local paths, handed to the window's ``files_dropped``."""

from __future__ import annotations


class FileDrops:
    """A window mixin (before ``QMainWindow`` in the bases): takes dragged files and hands
    their local paths to :meth:`files_dropped`, which says what opening them means there."""

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped(paths)
            event.acceptProposedAction()

    def files_dropped(self, paths: list[str]) -> None:
        raise NotImplementedError
