"""A wall-clock limit around the per-document steps, so one hostile page cannot hang a batch.

In a POSIX main thread the limit is an interval timer (SIGALRM). Signals reach only the main
thread, so in other threads (a Dask worker's task thread, a web worker) a watchdog thread raises
the timeout in the working thread instead (CPython's PyThreadState_SetAsyncExc). Both land
between bytecodes, so both stop Python code, not one long call inside a C library. Where neither
is possible (another interpreter) `time_limit` runs the block unguarded and says so.
"""

from __future__ import annotations

import ctypes
import signal
import sys
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

    def __init__(self, seconds: float | None = None) -> None:
        # A watchdog raises it in another thread without arguments; `time_limit` re-raises it
        # with the limit.
        super().__init__(f"took longer than the {seconds:g} s limit per document"
                         if seconds is not None else "took longer than the limit per document")
        self.seconds = seconds


@dataclass
class LimitState:
    """Whether the last `time_limit` block was guarded by a timer."""

    enforced: bool = False


def can_enforce() -> bool:
    """True where SIGALRM can interrupt this thread: a POSIX main thread."""
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
            and threading.current_thread() is threading.main_thread())


def can_interrupt_thread() -> bool:
    """True where a watchdog can raise an exception in another thread (CPython)."""
    return sys.implementation.name == "cpython" and hasattr(ctypes, "pythonapi")


def raise_in_thread(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Make `exc_type` raise in the thread at its next bytecode (None: cancel a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None)


@contextmanager
def thread_time_limit(seconds: float) -> Iterator[LimitState]:
    """`time_limit` for a thread other than the main one: a watchdog thread raises
    DocumentTimeout in it after `seconds`, then every REPEAT_S until the block ends."""
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    fired = False

    def watch() -> None:
        nonlocal fired
        wait = seconds
        while not done.wait(wait):
            with lock:
                if done.is_set():
                    return
                raise_in_thread(target, DocumentTimeout)
                fired = True
            wait = REPEAT_S

    watchdog = threading.Thread(target=watch, name="cominer-time-limit", daemon=True)
    watchdog.start()
    try:
        yield LimitState(enforced=True)
    finally:
        while True:  # an alarm landing while we stop the watchdog is dropped, as in stop_timer
            try:
                with lock:
                    done.set()
                    if fired:
                        raise_in_thread(target, None)  # one still pending must not leak out
                break
            except DocumentTimeout:
                continue


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
    if seconds > 0 and not can_enforce() and can_interrupt_thread():
        try:
            with thread_time_limit(seconds) as state:
                yield state
        except DocumentTimeout as exc:
            raise (exc if exc.seconds is not None else DocumentTimeout(seconds)) from None
        return
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
