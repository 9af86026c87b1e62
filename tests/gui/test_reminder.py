"""The evening reminder: off by default, fires at the chosen time, opens the night entry."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTime
from PySide6.QtWidgets import QSystemTrayIcon

from diary import APP_ID
from diary.autostart import Autostart
from diary.ui.desktop import app_icon
from diary.ui.reminder import MESSAGE, EveningReminder, next_due
from diary.ui.reminder_panel import NO_TRAY_NOTE, ReminderPanel
from diary.ui.settings import DEFAULT_TIME, AppSettings

pytestmark = pytest.mark.usefixtures("qapp")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def autostart(tmp_path: Path) -> Autostart:
    return Autostart(tmp_path / "autostart", command=["/usr/bin/rls-diary"], platform="linux")


def make(settings, autostart, clock, tray: bool = True) -> EveningReminder:
    return EveningReminder(
        settings, app_icon(), autostart=autostart, clock=clock, tray_available=lambda: tray
    )


def turn_on(reminder: EveningReminder, qtlog) -> None:
    # The offscreen platform has no tray and warns once a tray icon is shown anyway.
    with qtlog.disabled():
        reminder.set_enabled(True)


def test_next_due_is_today_before_the_time_and_tomorrow_after() -> None:
    at = time(21, 30)
    assert next_due(datetime(2026, 3, 5, 9, 0), at) == datetime(2026, 3, 5, 21, 30)
    assert next_due(datetime(2026, 3, 5, 21, 30), at) == datetime(2026, 3, 6, 21, 30)
    assert next_due(datetime(2026, 3, 5, 23, 0), at) == datetime(2026, 3, 6, 21, 30)
    assert next_due(datetime(2026, 12, 31, 22, 0), at) == datetime(2027, 1, 1, 21, 30)


def test_off_by_default_with_no_tray_icon_and_no_timer(settings, autostart) -> None:
    reminder = make(settings, autostart, Clock(datetime(2026, 3, 5, 12, 0)))
    reminder.start()
    assert not settings.reminder_enabled()
    assert settings.reminder_time() == DEFAULT_TIME
    assert reminder.tray is None
    assert not reminder.timer.isActive()
    assert reminder.next_at is None


def test_settings_are_stored_in_the_settings_file_not_elsewhere(tmp_path: Path, settings) -> None:
    settings.set_reminder_enabled(True)
    settings.set_reminder_time(time(22, 15, 40))
    settings.set_reminder_at_login(True)
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert again.value("reminder/time") == "22:15"
    reread = AppSettings(again)
    assert reread.reminder_enabled()
    assert reread.reminder_at_login()
    assert reread.reminder_time() == time(22, 15)


def test_fires_at_the_chosen_time_and_the_message_opens_the_night_entry(
    qtbot, qtlog, settings, autostart
) -> None:
    clock = Clock(datetime(2026, 3, 5, 20, 59, 59, 800_000))
    settings.set_reminder_time(time(21, 0))
    reminder = make(settings, autostart, clock)
    shown: list[tuple[str, str]] = []
    turn_on(reminder, qtlog)
    assert reminder.tray is not None
    assert reminder.tray.isVisible()
    reminder.tray.showMessage = lambda title, text, *rest: shown.append((title, text))  # type: ignore[method-assign]
    assert reminder.next_at == datetime(2026, 3, 5, 21, 0)
    assert reminder.timer.isActive()
    assert reminder.timer.interval() == 200

    clock.now = datetime(2026, 3, 5, 21, 0, 0, 100)
    with qtbot.waitSignal(reminder.due, timeout=2000):
        pass
    assert shown
    assert shown[0][1] == MESSAGE
    assert reminder.next_at == datetime(2026, 3, 6, 21, 0), "armed again for tomorrow"

    with qtbot.waitSignal(reminder.open_night_entry, timeout=1000):
        reminder.tray.messageClicked.emit()
    with qtbot.waitSignal(reminder.open_night_entry, timeout=1000):
        reminder.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_a_long_wait_is_checked_in_steps_and_a_long_missed_reminder_is_skipped(
    qtbot, qtlog, settings, autostart
) -> None:
    clock = Clock(datetime(2026, 3, 5, 9, 0))
    reminder = make(settings, autostart, clock)
    turn_on(reminder, qtlog)
    assert reminder.timer.interval() == 5 * 60 * 1000, "never sleeps longer than 5 min"
    fired: list[bool] = []
    reminder.due.connect(lambda: fired.append(True))

    clock.now = datetime(2026, 3, 6, 8, 0)  # the laptop slept through the evening
    reminder.timer.timeout.emit()
    assert fired == []
    assert reminder.next_at == datetime(2026, 3, 6, 21, 0)

    clock.now = datetime(2026, 3, 6, 21, 40)  # woken a little late: still reminded
    reminder.timer.timeout.emit()
    assert fired == [True]


def test_turn_off_in_the_tray_menu_is_one_click(qtbot, qtlog, settings, autostart) -> None:
    reminder = make(settings, autostart, Clock(datetime(2026, 3, 5, 12, 0)))
    turn_on(reminder, qtlog)
    reminder.set_at_login(True)
    assert autostart.is_enabled()
    assert [a.text() for a in reminder.menu.actions() if a.text()] == [
        "Log my night…",
        "Turn off reminders",
    ]
    with qtbot.waitSignal(reminder.enabled_changed) as changed:
        reminder.turn_off_action.trigger()
    assert changed.args == [False]
    assert not settings.reminder_enabled()
    assert not settings.reminder_at_login()
    assert not autostart.is_enabled(), "no longer started at login"
    assert not reminder.tray.isVisible()
    assert not reminder.timer.isActive()


def test_at_login_writes_and_removes_the_autostart_entry(
    qtlog, settings, autostart, tmp_path
) -> None:
    reminder = make(settings, autostart, Clock(datetime(2026, 3, 5, 12, 0)))
    turn_on(reminder, qtlog)
    reminder.set_at_login(True)
    entry = tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert "RLS_DIARY_START_IN_TRAY=1 /usr/bin/rls-diary" in entry.read_text()
    reminder.set_at_login(False)
    assert not entry.exists()
    assert not settings.reminder_at_login()


def test_without_a_system_tray_it_still_tells_the_window(qtbot, settings, autostart) -> None:
    clock = Clock(datetime(2026, 3, 5, 21, 0, 1))
    settings.set_reminder_time(time(21, 0))
    reminder = make(settings, autostart, clock, tray=False)
    reminder.set_enabled(True)
    assert reminder.tray is None
    clock.now += timedelta(days=1)
    with qtbot.waitSignal(reminder.due, timeout=1000):
        reminder.timer.timeout.emit()


def test_panel_turns_reminders_on_and_sets_the_time(qtbot, settings, autostart) -> None:
    reminder = make(settings, autostart, Clock(datetime(2026, 3, 5, 12, 0)), tray=False)
    panel = ReminderPanel(reminder)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.enabled_box.isChecked()
    assert not panel.time_edit.isEnabled()
    assert not panel.login_box.isEnabled()

    panel.enabled_box.click()
    assert settings.reminder_enabled()
    assert panel.note.isVisible()
    assert NO_TRAY_NOTE in panel.note.text()
    panel.time_edit.setTime(QTime(22, 45))
    assert settings.reminder_time() == time(22, 45)
    assert reminder.next_at == datetime(2026, 3, 5, 22, 45)

    assert not panel.login_box.isEnabled(), "no tray: nothing to start at login for"


def test_panel_start_at_login_and_turn_off_from_the_tray(qtbot, qtlog, settings, autostart) -> None:
    reminder = make(settings, autostart, Clock(datetime(2026, 3, 5, 12, 0)))
    panel = ReminderPanel(reminder)
    qtbot.addWidget(panel)
    panel.show()
    with qtlog.disabled():
        panel.enabled_box.click()
    assert panel.login_box.isEnabled()
    assert not panel.note.isVisible()
    panel.login_box.click()
    assert autostart.is_enabled()
    assert settings.reminder_at_login()

    reminder.turn_off_action.trigger()  # from the tray menu: the panel follows
    assert not panel.enabled_box.isChecked()
    assert not panel.login_box.isChecked()
    assert not panel.login_box.isEnabled()
    assert not panel.time_edit.isEnabled()
    assert not autostart.is_enabled()
