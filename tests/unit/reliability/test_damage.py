"""Every kind of damaged file is refused, kept aside untouched, and its newest backup restored."""

from __future__ import annotations

import random

from diary.errors import DiaryDamaged
from tests.reliability import damage


def test_every_kind_of_damage_is_recovered_from_the_newest_backup(tmp_path):
    tally = damage.run(tmp_path, rounds=2)
    assert tally.problems == []
    assert tally.tried == 2 * len(damage.DAMAGES)
    assert tally.recovered >= tally.tried - 2


def test_the_trial_notices_a_damaged_file_that_is_not_kept(tmp_path, monkeypatch):
    template, nights = damage.make_template(tmp_path, nights=50)

    def recreate_instead(path, detail):  # what the app must never do
        path.unlink()
        return DiaryDamaged(path, None, detail)

    monkeypatch.setattr("diary.store.database.damaged", recreate_instead)
    outcome = damage.one_trial(template, nights, tmp_path / "t", "truncated", random.Random(1))
    assert outcome == "the damaged file was not kept as it was"
