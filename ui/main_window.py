"""The main window: two article panes side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.model import Article


class ArticlePane(QWidget):
    """One article: a header (title, outlet, date, byline, credits) over its text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.article: Article | None = None

    def set_article(self, article: Article) -> None:
        self.article = article
        self.header.setText(article.display_name)
        self.view.setPlainText(article.text)


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle("Parallax")
        self.left = ArticlePane()
        self.right = ArticlePane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.setCentralWidget(self.splitter)

    def show_articles(self, left: Article, right: Article) -> None:
        self.left.set_article(left)
        self.right.set_article(right)
        self.setWindowTitle(f"Parallax — {left.display_name} ↔ {right.display_name}")

    def is_idle(self) -> bool:
        """True when no background work is pending (used before a screenshot)."""
        return True
