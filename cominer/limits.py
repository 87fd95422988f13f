"""A wall-clock limit around the per-document steps, so one hostile page cannot hang a batch.

The limit is an interval timer (SIGALRM) in the process that runs the steps. Signals reach only
the main thread, so elsewhere (a web worker thread, a platform without SIGALRM) the limit is not
enforced: `time_limit` then runs the block unguarded and says so through `enforced`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
# After the first alarm, fire again this often: library code that swallows the first one
# (a broad `except BaseException` somewhere) still gets stopped soon after.
REPEAT_S = 0.25


class DocumentTimeout(BaseException):
    """A document's steps ran past the time limit.

    A BaseException, like KeyboardInterrupt, so that the many `except Exception` blocks inside
    parsers (trafilatura, lxml wrappers) do not swallow it and carry on.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than the {seconds:g} s limit per document")
        self.seconds = seconds


@dataclass
class LimitState:
    """Whether the last `time_limit` block was guarded by a timer."""

    enforced: bool = False


def can_enforce() -> bool:
    """True where SIGALRM can interrupt this thread: a POSIX main thread."""
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
            and threading.current_thread() is threading.main_thread())


def stop_timer() -> None:
    """Cancel the interval timer, even if one more alarm lands while we do it."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except DocumentTimeout:
            continue  # the block already ended (or already timed out): nothing to stop


@contextmanager
def time_limit(seconds: float) -> Iterator[LimitState]:
    """Raise DocumentTimeout inside the block once it has run `seconds` (<= 0: no limit).

    A timer or handler set by someone else (pytest-timeout, an outer limit) is restored after.
    """
    state = LimitState()
    if seconds <= 0 or not can_enforce():
        yield state
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout(seconds)

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    state.enforced = True
    try:
        yield state
    finally:
        stop_timer()
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:  # an outer timer keeps its remaining time (roughly)
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)


def call_with_time_limit(seconds: float, step: Callable[..., T], *args: Any,
                         on_timeout: Callable[[DocumentTimeout], T]) -> T:
    """`step(*args)`, or `on_timeout(exc)` if it ran past `seconds`."""
    try:
        with time_limit(seconds):
            return step(*args)
    except DocumentTimeout as exc:
        return on_timeout(exc)
