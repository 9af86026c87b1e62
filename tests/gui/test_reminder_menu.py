"""View → Evening reminder… and a reminder click, in the real window."""

from __future__ import annotations


def test_window_menu_opens_the_reminder_settings_and_a_click_opens_the_night_entry(
    make_window, diary_path, qtbot, tmp_path
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from diary.ui.reminder import EveningReminder
    from diary.ui.reminder_dialog import ReminderDialog
    from diary.ui.settings import AppSettings

    window = make_window(diary_path)
    assert not window.menu.reminder.isEnabled()  # no reminder attached yet
    reminder = EveningReminder(
        AppSettings.at(tmp_path / "r.ini"), parent=window, tray_available=lambda: False
    )
    window.attach_reminder(reminder)
    assert window.menu.reminder.isEnabled()
    seen = []

    def check_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.panel.enabled_box.click()  # one click turns reminders on
        dialog.reject()

    QTimer.singleShot(0, check_and_close)
    window.menu.reminder.trigger()
    assert isinstance(seen[0], ReminderDialog)
    assert reminder.enabled
    window.show_page("history")
    reminder.open_night_entry.emit()
    assert window.current_key() == "night"
