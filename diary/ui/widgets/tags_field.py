"""Tags typed as a comma-separated list, completed and suggested from the tags used before."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from diary.ui.widgets.flow_layout import flow_widget

MAX_SUGGESTIONS = 6


def split_tags(text: str) -> list[str]:
    return [t for t in (" ".join(part.split()) for part in re.split(r"[,;]", text)) if t]


class _LastWordCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        word = re.split(r"[,;]", path)[-1].strip()
        # after a comma nothing is typed yet: offer nothing rather than every tag
        return [word or "\x00"]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        head = split_tags(",".join(re.split(r"[,;]", typed)[:-1]))
        return ", ".join([*head, str(index.data())])


class TagsField(QWidget):
    """The 'Tags' line plus buttons for the most used earlier tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("e.g. caffeine, travel, overtired")
        self._model = QStringListModel(self)
        completer = _LastWordCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(completer)
        # The earlier tags go under the line and wrap, so the line keeps its full width at
        # any text size.
        self._chip_box, self._chips = flow_widget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self._chip_box)
        self.setFocusProxy(self.edit)
        self._known: list[str] = []

    def set_known(self, tags: Sequence[str]) -> None:
        """Earlier tags, most used first."""
        self._known = list(tags)
        self._model.setStringList(self._known)
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if self._known:
            self._chips.addWidget(QLabel("Add:", self))
        for tag in self._known[:MAX_SUGGESTIONS]:
            chip = QPushButton(tag, self)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the completer covers the keyboard
            chip.setAccessibleName(f"Add tag {tag}")
            chip.clicked.connect(lambda _=False, t=tag: self.add_tag(t))
            self._chips.addWidget(chip)
        self._chip_box.setVisible(bool(self._known))

    def add_tag(self, tag: str) -> None:
        tags = self.tags()
        if tag.casefold() not in {t.casefold() for t in tags}:
            self.set_tags([*tags, tag])

    def tags(self) -> list[str]:
        return split_tags(self.edit.text())

    def set_tags(self, tags: Sequence[str]) -> None:
        self.edit.setText(", ".join(tags))
