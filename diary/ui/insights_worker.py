"""Runs the Insights page's analysis on a worker thread; the newest request wins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from diary.analysis import Analysis
    from diary.analysis.best_response import BestResponse
    from diary.records import DiaryContents


def work_out(
    contents: DiaryContents, today: date, cache: dict[str, BestResponse]
) -> tuple[DiaryContents, Analysis, list[str]]:
    """The analysis and its sentences: pure work, run off the GUI thread (the best-response
    bootstrap takes a while on a long diary the first time)."""
    from diary.analysis import analyse, describe

    analysis = analyse(contents, today, cache)
    return contents, analysis, describe(analysis)


class _Emitter(QObject):
    # Emitted on the worker thread; the runner lives on the GUI thread, so Qt queues it.
    done = Signal(int, object, str)  # request number, result (None on failure), error


class _Job(QRunnable):
    def __init__(self, emitter: _Emitter, number: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self._emitter, self._number, self._work = emitter, number, work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # shown to the user instead of a result, never lost
            self._emitter.done.emit(self._number, None, f"{type(exc).__name__}: {exc}")
            return
        self._emitter.done.emit(self._number, result, "")


class AnalysisRunner(QObject):
    """One piece of work at a time, off the GUI thread. A newer request supersedes an older
    one: a request not yet started is dropped, and a running one's result is ignored."""

    ready = Signal(object)  # the result of the newest request
    failed = Signal(str)  # why the newest request could not be worked out

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Created before the emitter, so it is destroyed (waiting for a running job) first.
        self._pool = QThreadPool(self)
        # One thread: jobs never overlap, so what they share (a cache) needs no lock.
        self._pool.setMaxThreadCount(1)
        self._emitter = _Emitter(self)
        self._emitter.done.connect(self._done)
        self._number = 0
        self._pending = False

    def request(self, work: Callable[[], Any]) -> None:
        self._number += 1
        self._pending = True
        self._pool.clear()
        self._pool.start(_Job(self._emitter, self._number, work))

    def pending(self) -> bool:
        """Whether the newest request has not delivered its result yet."""
        return self._pending

    def wait(self, msecs: int = -1) -> bool:
        """Block until no job runs (for shutting down); True when none is left."""
        return self._pool.waitForDone(msecs)

    def _done(self, number: int, result: object, error: str) -> None:
        if number != self._number:
            return  # superseded by a newer request
        self._pending = False
        if result is None:
            self.failed.emit(error)
        else:
            self.ready.emit(result)
