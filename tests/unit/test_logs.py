"""The support log: private files, rotation, and no health data ever written to it."""

from __future__ import annotations

import ast
import logging
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import diary
from diary import logs
from diary.paths import log_dir


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    logs.stop_logging()


def _text(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (folder / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def test_log_file_and_folder_are_private(log_folder: Path) -> None:
    path = logs.setup_logging(log_folder)
    assert path == log_folder / "rls-diary.log"
    assert stat.S_IMODE(log_folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "log started" in _text(log_folder)


def test_default_folder_is_the_platform_log_folder_redirected_for_tests(tmp_path: Path) -> None:
    try:
        path = logs.setup_logging()
    finally:
        logs.stop_logging()
    assert path.parent == log_dir() == tmp_path / "rls-home" / "logs"  # see tests/conftest.py


def test_setting_up_twice_keeps_one_handler(log_folder: Path) -> None:
    first = logs.setup_logging(log_folder)
    second = logs.setup_logging(log_folder / "elsewhere")
    assert first == second
    ours = [h for h in logging.getLogger().handlers if getattr(h, "rls_diary", False)]
    assert len(ours) == 1


def test_nothing_is_set_up_at_import() -> None:
    assert not any(getattr(h, "rls_diary", False) for h in logging.getLogger().handlers)


def test_what_is_logged_before_the_file_opens_is_written_once_it_does(log_folder: Path) -> None:
    handlers_before = list(logging.getLogger().handlers)
    logs.hold_records()  # the window's start: the file is opened once the window takes input
    log = logging.getLogger("diary.test")
    log.warning("automatic backup skipped: %s", "Anna's disk")
    log.info("opened %d nights", 731)
    assert not (log_folder / logs.LOG_FILE_NAME).exists()
    logs.setup_logging(log_folder)
    log.info("after the file opened %d", 2)
    lines = _text(log_folder).splitlines()
    events = [line.split(": ", 1)[1] for line in lines]
    assert events == [
        "log started",
        "automatic backup skipped: <str withheld>",
        "opened 731 nights",
        "after the file opened 2",
    ]
    assert "Anna" not in "".join(lines)
    added = [h for h in logging.getLogger().handlers if h not in handlers_before]
    assert [getattr(h, "rls_diary", False) for h in added] == [True]  # nothing held any more


def test_only_counts_pass_as_arguments(log_folder: Path) -> None:
    logs.setup_logging(log_folder)
    log = logging.getLogger("diary.test")
    log.info("imported %d nights and %d blood tests", 412, 9)
    log.info("night saved %s %s %s", "woke at 3, legs burning", date(2025, 1, 2), 23.5)
    log.info("tags %r", ("coffee", "long flight"))
    log.info("lab %(test)s %(value)s", {"test": "ferritin", "value": 17.0})
    log.info("ferritin %.1f", 45.2)
    text = _text(log_folder)
    assert "imported 412 nights and 9 blood tests" in text
    assert "night saved <str withheld> <date withheld> <float withheld>" in text
    assert "tags '<tuple withheld>'" in text
    assert "lab <str withheld> <float withheld>" in text
    assert "ferritin %.1f [arguments withheld]" in text
    for secret in ("legs burning", "2025-01-02", "23.5", "coffee", "long flight", "17.0", "45.2"):
        assert secret not in text


def test_a_non_text_message_is_withheld(log_folder: Path) -> None:
    logs.setup_logging(log_folder)
    logging.getLogger("diary.test").warning({"note": "restless all night"})
    text = _text(log_folder)
    assert "<dict withheld>" in text
    assert "restless" not in text


def test_bug_tracebacks_keep_type_and_frames_but_not_the_message(log_folder: Path) -> None:
    logs.setup_logging(log_folder)

    def parse_note() -> None:
        try:
            int("took 2 pramipexole at 21:00")
        except ValueError as exc:
            raise RuntimeError("while reading note: took 2 pramipexole") from exc

    try:
        parse_note()
    except RuntimeError:
        logging.getLogger("diary.test").exception("saving a night failed")
    text = _text(log_folder)
    assert "saving a night failed" in text
    assert "builtins.ValueError: <message withheld>" in text
    assert "builtins.RuntimeError: <message withheld>" in text
    assert "in parse_note" in text
    assert "test_logs.py" in text
    assert "pramipexole at" not in text.replace('int("took 2 pramipexole at 21:00")', "")
    assert "while reading note" not in text.replace(
        'raise RuntimeError("while reading note: took 2 pramipexole") from exc', ""
    )


def test_other_handlers_still_see_the_original_record(
    log_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logs.setup_logging(log_folder)
    with caplog.at_level(logging.INFO):
        logging.getLogger("diary.test").info("value %s", "kept for the console")
    assert "value kept for the console" in caplog.text
    assert "value <str withheld>" in _text(log_folder)


def test_third_party_sql_logging_is_held_back(log_folder: Path) -> None:
    logs.setup_logging(log_folder)
    logging.getLogger("sqlalchemy.engine.Engine").info("[generated] %r", ("restless", 7))
    assert "restless" not in _text(log_folder)
    assert logging.getLogger("sqlalchemy").level == logging.WARNING


def test_rotation_keeps_a_bounded_number_of_private_files(
    log_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    logs.setup_logging(log_folder)
    log = logging.getLogger("diary.test")
    for i in range(400):
        log.info("event number %d happened", i)
    files = sorted(log_folder.glob(f"{logs.LOG_FILE_NAME}*"))
    assert len(files) == logs.BACKUP_COUNT + 1
    assert all(f.stat().st_size <= 2100 for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert "event number 399 happened" in _text(log_folder)


def test_uncaught_exceptions_are_logged_as_bugs(
    log_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs.setup_logging(log_folder)
    try:
        raise KeyError("ferritin 12")
    except KeyError as exc:
        logs.log_bug(KeyError, exc, exc.__traceback__)
    text = _text(log_folder)
    assert "unexpected error" in text
    assert "builtins.KeyError: <message withheld>" in text
    assert "ferritin 12'" not in text


LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


def _preformatted_log_calls(source: str) -> list[int]:
    """Lines where a log call's message is built before the call (f-string, %, format)."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_METHODS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"log", "logger", "logging", "_log", "LOG"}
            and node.args
        ):
            continue
        message = node.args[1] if node.func.attr == "log" and len(node.args) > 1 else node.args[0]
        if isinstance(message, ast.JoinedStr | ast.BinOp | ast.Call):
            bad.append(node.lineno)
    return bad


def test_the_scan_finds_preformatted_messages() -> None:
    source = (
        "log.info(f'night {n}')\n"
        "log.info('night %s' % n)\n"
        "logger.warning('x {}'.format(n))\n"
        "log.info('fine %d', 3)\n"
    )
    assert _preformatted_log_calls(source) == [1, 2, 3]


def test_no_log_call_in_the_package_builds_its_message_itself() -> None:
    root = Path(diary.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for line in _preformatted_log_calls(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(root.parent)}:{line}")
    assert offenders == [], "log messages must be fixed strings (see diary/logs.py)"
