"""Changes written together in one transaction (`Diary.apply`): an edit, its Undo, its Redo."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from diary.errors import NotFound
from diary.records import Dose, Night, Profile, Supplement
from diary.store.kinds import kind_of

if TYPE_CHECKING:
    from diary.store.writes import Tx


@dataclass(frozen=True, slots=True)
class NightBundle:
    """A night with the intake logged for it (what a night's change puts back or takes away)."""

    night: Night
    doses: tuple[Dose, ...] = ()
    supplements: tuple[Supplement, ...] = ()


@dataclass(frozen=True, slots=True)
class Put:
    """Store `item`. A NightBundle replaces whatever is logged for its date; a lab, dose,
    supplement, infusion or venesection is added when its id is None, else updated."""

    item: Any


@dataclass(frozen=True, slots=True)
class Remove:
    """Delete `item`: a NightBundle (or Night) by its date, with the intake of that date;
    any other record by its id."""

    item: Any


@dataclass(frozen=True, slots=True)
class PutProfile:
    profile: Profile


Change = Put | Remove | PutProfile


def write(tx: Tx, change: Change) -> Any:
    """Write one (already checked) change inside the transaction `tx`; returns what was stored
    (the record with its new id for a Put, the profile for PutProfile, None for a Remove)."""
    if isinstance(change, PutProfile):
        tx.set_profile(change.profile)
        return change.profile
    item = change.item
    if isinstance(change, Remove):
        if isinstance(item, NightBundle | Night):
            tx.delete_night_rows(item.night.date if isinstance(item, NightBundle) else item.date)
        elif tx.delete(kind_of(item), item.id) != 1:
            raise NotFound("That record is no longer in the diary.")
        return None
    if isinstance(item, NightBundle):
        tx.delete_night_rows(item.night.date)
        night_id = tx.insert_bundle(item.night, item.doses, item.supplements)
        return replace(item, night=replace(item.night, id=night_id))
    kind = kind_of(item)
    if item.id is None:
        return replace(item, id=tx.insert(kind, item))
    if tx.update(kind, item) != 1:
        raise NotFound("That record is no longer in the diary.")
    return item
