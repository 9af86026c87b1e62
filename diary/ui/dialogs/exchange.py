"""File → Import… and Export…: CSV files in and out, with every problem shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from diary.errors import ImportCancelled, KnownError, NightConflict
from diary.store.csv_exchange import FILE_NAMES, read_import, write_export
from diary.store.importing import ImportReport
from diary.store.kinds import EVERYTHING, RECORD_KINDS
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.import_progress import ImportProgress
from diary.words import count

REPLACE_NIGHTS = "Replace those nights"
CANCELLED_TEXT = "The import was cancelled. Nothing was imported."
CANCELLED_DETAIL = "The diary is exactly as it was before the import."


def import_source(picked: Path) -> Path:
    """A picked CSV file stands for its whole export folder when the folder holds only the
    diary's CSV files (what an export writes); otherwise just that file."""
    if picked.suffix.lower() != ".csv":
        return picked
    folder = picked.parent
    names = {p.name.lower() for p in folder.iterdir() if not p.name.startswith(".")}
    return folder if names and names <= set(FILE_NAMES) else picked


def summary(report: ImportReport) -> list[str]:
    lines = []
    for kind in RECORD_KINDS:
        added, skipped = report.added.get(kind.name, 0), report.skipped.get(kind.name, 0)
        if added or skipped:
            line = f"{kind.plural.capitalize()}: {added} added"
            if skipped:
                line += f", {skipped} already there"
            lines.append(line)
    if report.replaced_nights:
        lines.append(f"Nights replaced: {report.replaced_nights}")
    return lines or ["The import held no records."]


def import_into(parent: QWidget | None, model: DiaryModel, ask: Ask) -> ImportReport | None:
    picked = ask.open_path(
        parent,
        "Import from CSV",
        Path.home(),
        "Diary export (*.zip *.csv);;All files (*)",
    )
    if picked is None:
        return None
    src = import_source(picked)
    progress = ImportProgress(parent, src.name)
    try:
        report = _import(parent, model, ask, src, progress)
        if report is not None:
            progress.finish()
    finally:
        progress.close()
    if report is None:
        return None
    model.undo_stack.clear()
    model.changed.emit(EVERYTHING)
    ask.show_report(
        parent,
        "Import finished",
        f"Imported from {src}. A backup from just before the import is kept "
        "(File → Restore from a backup…).",
        summary(report),
    )
    return report


def export_from(parent: QWidget | None, model: DiaryModel, ask: Ask) -> list[Path] | None:
    diary = model.diary
    start = Path.home() / f"rls-diary-{diary.today():%Y-%m-%d}.zip"
    dest = ask.save_path(
        parent, "Export to CSV", start, "Zip file (*.zip);;Folder of CSV files (*)"
    )
    if dest is None:
        return None
    try:
        written = write_export(diary.contents(), dest)
    except KnownError as exc:
        ask.error(parent, "Export failed", exc)
        return None
    counts = diary.counts()
    where = written[0] if len(written) == 1 else dest
    ask.info(
        parent,
        "Export finished",
        f"The diary was exported to {where}.",
        f"{count(counts.get('nights', 0), 'night')}, {count(counts.get('labs', 0), 'blood test')}. "
        "Open the files with any spreadsheet; import them back with File → Import….",
    )
    return written


def _import(
    parent: QWidget | None, model: DiaryModel, ask: Ask, src: Path, progress: ImportProgress
) -> ImportReport | None:
    """Read `src` and add it to the diary, all or nothing; None when nothing was imported."""
    diary = model.diary
    try:
        contents = read_import(src, today=diary.today(), progress=progress.reading)
        # Import cannot be undone step by step, so a labelled backup is the way back.
        diary.backup_now(label="before-import")
        try:
            return diary.import_contents(contents, progress=progress.writing)
        except NightConflict as conflict:
            answer = ask.choose(
                parent,
                "Nights already in the diary",
                conflict.message,
                [REPLACE_NIGHTS],
                "Replace them with the imported values, or cancel to import nothing.",
            )
            if answer != REPLACE_NIGHTS:
                return None
            return diary.import_contents(contents, replace_nights=True, progress=progress.writing)
    except ImportCancelled:
        progress.close()
        ask.info(parent, "Import cancelled", CANCELLED_TEXT, CANCELLED_DETAIL)
    except KnownError as exc:
        progress.close()
        ask.error(parent, "Import failed", exc)
    return None
