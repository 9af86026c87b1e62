"""Killing the app mid-save loses no reported night; a deleted -wal loses none either."""

from __future__ import annotations

import pytest

from tests.reliability import crash, wal


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_reported_night(tmp_path):
    tally = crash.run(tmp_path, kills=10, seed=11)
    assert tally.problems == []
    assert tally.kills == 10
    assert tally.saves_reported > 0 and tally.nights_checked >= tally.saves_reported // 2


def test_verify_notices_a_lost_night(tmp_path):
    """The checker itself can fail: a reported night that is not in the file is caught."""
    from datetime import date

    from diary.store.gateway import Diary
    from tests.reliability.crash_child import TODAY, payload

    path = tmp_path / "crash.sqlite"
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        diary.save_night(*payload(date(2020, 1, 1), 5))
    tally = crash.CrashTally()
    crash.verify(path, {date(2020, 1, 1): 5, date(2020, 1, 2): 8}, None, tally)
    assert tally.problems == ["kill 0: night 2020-01-02 (version 8) is missing"]
    tally = crash.CrashTally()
    crash.verify(path, {date(2020, 1, 1): 6}, None, tally)
    assert tally.problems == ["kill 0: night 2020-01-01 (version 6) is not as saved"]


@pytest.mark.slow
def test_deleting_the_wal_after_a_kill_loses_no_saved_night(tmp_path):
    tally = wal.run(tmp_path, trials=2, nights=25)
    assert tally.problems == []
    assert tally.nights_checked >= 50
