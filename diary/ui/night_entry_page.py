"""Log or edit one night: severity, sleep, details, tags, notes and the night's intake.

Choosing a date that already has a night opens that night for editing; choosing an empty
date starts a new night (what was typed for a new night is kept; the intake is pre-filled
with the usual list set on the Profile page, else from the newest night logged before it).
Which night is offered, and the order in which missed nights are caught up, is defined in
`diary.night_dates`. The page is made of parts: `night_form` builds it, `night_navigation`
shows a night and guards an unsaved edit, `night_saving` stores it (`night_page_base` holds
what they share).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from diary.night_dates import default_night
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.night_form import NightForm
from diary.ui.night_form_watch import FormWatch
from diary.ui.night_navigation import NightNavigation
from diary.ui.night_saving import NightSaving


class NightEntryPage(NightForm, NightNavigation, NightSaving):
    """The night form. `open_night(day)` shows a saved night for editing.

    An edit not yet saved is marked on the page (and `unsaved_changed` tells the window);
    moving to another night that would replace it asks Save / Discard / Cancel.
    """

    TITLE = "Log a night"

    def __init__(
        self, model: DiaryModel, parent: QWidget | None = None, ask: Ask | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.ask = ask or Ask()
        self.editing: date | None = None  # the saved night shown, if any
        self.shown_day: date | None = None  # the night the form is about
        self._unsaved = False
        self._showing = False
        self._intake_touched = False
        self._loading = False
        self._focused_once = False
        self._recent: tuple[date, list[date]] | None = None
        self._saving = False
        self._build()
        self._watch = FormWatch(self, self._update_unsaved)
        model.changed.connect(self._diary_changed)
        self.show_night(default_night(self._today(), set(self._logged())))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            self.severity.setFocus(Qt.FocusReason.OtherFocusReason)
