"""Killing the app mid-save loses no reported night; a deleted -wal loses none either."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reliability import crash, wal

# Kills during a restore and during an undo are `make reliability`'s (its crash run covers
# every phase); here, the phases that write nights and backups.
SAVING = [p for p in crash.PHASES if p.mode in ("save", "backup")]


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_reported_night(tmp_path):
    tally = crash.run(tmp_path, kills=len(SAVING) + 2, seed=11, phases=SAVING)
    assert tally.problems == []
    assert tally.kills == len(SAVING) + 2
    assert set(tally.by_phase) == {p.name for p in SAVING}  # every phase had its kill
    assert tally.saves_reported > 0
    assert tally.nights_checked >= tally.saves_reported // 2
    assert tally.backups_checked > 0


def test_a_run_that_checks_no_night_fails(tmp_path):
    """Killed before it saved anything, the run has proved nothing, and says so."""
    at_once = crash.Phase("at once", 1.0, cue=None, delay=0.0)
    tally = crash.run(tmp_path, kills=1, phases=[at_once])
    assert tally.kills == 1
    assert tally.nights_checked == 0
    assert tally.problems == ["1 kills checked no night: nothing was proved"]


def test_verify_notices_a_lost_night(tmp_path):
    """The checker itself can fail: a reported night that is not in the file is caught."""
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
    tally = crash.CrashTally()
    assert crash.verify(path, {date(2020, 1, 1): 5}, None, tally) == {date(2020, 1, 1): 5}
    assert tally.problems == []
    assert tally.nights_checked == 1


def test_verify_notices_a_torn_undo(tmp_path):
    """An undo of a re-save must leave the night as it was before or after, never gone."""
    from diary.store.gateway import Diary
    from tests.reliability.crash_child import TODAY, payload

    day = date(2020, 1, 1)
    path = tmp_path / "crash.sqlite"
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        diary.save_night(*payload(day, 5))
    harness = crash.Harness(path, crash.CrashTally())
    harness.acked = {day: 3}
    assert harness.follow(["B 2020-01-01 5", "C 2020-01-01 5", "U 2020-01-01"]) == (
        "undo",
        [{day: 3}],
    )
    assert harness.acked == {day: 5}
    harness.check_after_kill([], set())  # the undo had not begun to write: version 5 stands
    assert harness.tally.problems == []
    assert harness.acked == {day: 5}
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        diary.delete_night(day)  # the first half of an undo in two steps
    tally = crash.CrashTally()
    crash.verify(path, {day: 5}, [{day: 3}], tally)
    assert tally.problems == [
        "kill 0: night 2020-01-01 (version 5) is missing (an interrupted operation is torn)"
    ]


@pytest.mark.slow
def test_deleting_the_wal_after_a_kill_loses_no_saved_night(tmp_path):
    tally = wal.run(tmp_path, trials=2, nights=25)
    assert tally.problems == []
    assert tally.nights_checked >= 50
