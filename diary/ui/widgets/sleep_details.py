"""The night's sleep details (bedtime, latency, awakenings, wake time, quality, symptom onset)."""

from __future__ import annotations

from datetime import time
from typing import NamedTuple

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSizePolicy, QWidget

from diary.ui.input_parse import InputError, parse_whole
from diary.ui.widgets.fields import FieldBox, FitsText, TimeField, add_field

QUALITY = ("Not recorded", "1 very poor", "2 poor", "3 fair", "4 good", "5 very good")


class SleepDetails(NamedTuple):
    bedtime: time | None = None
    sleep_latency_min: int | None = None
    awakenings: int | None = None
    wake_time: time | None = None
    sleep_quality: int | None = None
    symptom_onset: time | None = None


class WholeField(FitsText, QLineEdit):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.fit("00000", 30)

    def value(self) -> int | None:
        return parse_whole(self.text(), self.what)

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class SleepDetailsForm:
    """Rows of the night form, shown or hidden together; keyed by the Night field they fill,
    so the store's messages land at the right place."""

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        self._form = form
        self.bedtime = TimeField("Bedtime", parent)
        self.latency = WholeField("Minutes to fall asleep", parent)
        self.awakenings = WholeField("Awakenings", parent)
        self.wake_time = TimeField("Wake time", parent)
        self.quality = QComboBox(parent)
        self.quality.addItems(QUALITY)
        self.quality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.quality.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.onset = TimeField("Symptom onset", parent)
        self.boxes: dict[str, FieldBox] = {
            "bedtime": add_field(form, "&Bedtime", self.bedtime),
            "sleep_latency_min": add_field(form, "Minutes to &fall asleep", self.latency),
            "awakenings": add_field(form, "&Awakenings", self.awakenings),
            "wake_time": add_field(form, "&Wake time", self.wake_time),
            "sleep_quality": add_field(form, "Sleep &quality", self.quality),
            "symptom_onset": add_field(form, "Symptom &onset", self.onset),
        }
        self.onset.setToolTip("When the urge to move first began that day")
        self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        for box in self.boxes.values():
            self._form.setRowVisible(box, shown)

    def is_shown(self) -> bool:
        return self.bedtime.isVisible()

    def value(self) -> tuple[SleepDetails, dict[str, str]]:
        """What was typed, and a message for each field that cannot be read."""
        problems: dict[str, str] = {}
        values: dict[str, object] = {}
        readers = {
            "bedtime": self.bedtime.value,
            "sleep_latency_min": self.latency.value,
            "awakenings": self.awakenings.value,
            "wake_time": self.wake_time.value,
            "symptom_onset": self.onset.value,
        }
        for name, read in readers.items():
            try:
                values[name] = read()
            except InputError as exc:
                problems[name] = exc.message
                values[name] = None
        quality = self.quality.currentIndex()
        values["sleep_quality"] = quality or None
        return SleepDetails(**values), problems  # type: ignore[arg-type]

    def set_value(self, details: SleepDetails) -> None:
        self.bedtime.set_value(details.bedtime)
        self.latency.set_value(details.sleep_latency_min)
        self.awakenings.set_value(details.awakenings)
        self.wake_time.set_value(details.wake_time)
        self.quality.setCurrentIndex(details.sleep_quality or 0)
        self.onset.set_value(details.symptom_onset)

    def has_values(self) -> bool:
        details, problems = self.value()
        return bool(problems) or details != SleepDetails()
