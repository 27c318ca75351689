"""The server's checker processes: one task at a time each, with a time and memory budget.

Each slot is one worker process running :mod:`brandcheck.workers`' worker loop (the
audit's: memory limit, dies with its parent, a file's exception is that file's failure).
A request takes a free slot, hands it the upload and waits at most the time budget; a
worker that overruns is killed and replaced (``timeout``), one that dies is replaced
(``worker-died``), so a hostile file costs its own request and never the server's.
``concurrent.futures.ProcessPoolExecutor`` cannot stop one task, and breaks as a whole
when a worker dies.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
from collections.abc import Callable
from typing import Any

from brandcheck.workers import Budget, Failure, _worker_main, signal_name

#: How long a new worker may take to import the checker and load the kit.
START_SECONDS = 120.0
#: How long an idle worker may take to answer a ping (it does nothing else meanwhile).
PING_SECONDS = 10.0


def _ping() -> bool:
    """The task a slot sends before an upload's, to learn that its worker still lives."""
    return True


class TaskFailed(Exception):
    """A task has no value: ``failure`` says why (a stable code and a message)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _Slot:
    def __init__(
        self, ctx: Any, budget: Budget, init: Callable[..., Any], initargs: tuple[Any, ...]
    ):
        self.ctx, self.budget, self.init, self.initargs = ctx, budget, init, initargs
        self.process: Any = None
        self.conn: Any = None
        self.ready = False
        self._spawn()

    def _spawn(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        self.process = self.ctx.Process(
            target=_worker_main,
            args=(child, os.getpid(), self.budget.memory_mb, self.init, self.initargs),
            daemon=True,
            name="brandcheck-serve-worker",
        )
        self.process.start()
        child.close()
        self.conn, self.ready = parent, False

    def _replace(self) -> str:
        """Kill and replace the worker; how it had ended, for the message."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        how = signal_name(self.process.exitcode)
        with contextlib.suppress(OSError):
            self.conn.close()
        self._spawn()
        return how

    def wait_ready(self) -> None:
        if self.ready:
            return
        if self.conn.poll(START_SECONDS):
            with contextlib.suppress(EOFError, OSError):
                kind, _ = self.conn.recv()
                if kind == "ready":
                    self.ready = True
                    return
        how = self._replace()
        raise RuntimeError(f"a checker process did not start ({how})")

    def answers(self) -> bool:
        """Whether the worker answers a ping: one killed while idle may still look alive
        for a moment (not yet reaped), and would take the next upload down with it."""
        try:
            self.conn.send((_ping, ()))
            if self.conn.poll(PING_SECONDS):
                kind, _ = self.conn.recv()
                return bool(kind == "ok")
        except (EOFError, OSError):
            pass
        return False

    def call(self, fn: Callable[[], Any]) -> Any:
        if not self.process.is_alive():  # died while idle (killed, or out of memory)
            self._replace()
        self.wait_ready()
        if not self.answers():
            self._replace()
            self.wait_ready()
        try:
            self.conn.send((fn, ()))
        except OSError:  # it died between the check and the send
            self._replace()
            self.wait_ready()
            self.conn.send((fn, ()))
        if not self.conn.poll(self.budget.seconds):
            self._replace()
            raise TaskFailed(
                Failure(
                    "timeout",
                    f"not finished within the time budget of {self.budget.seconds:g} s per "
                    "file (the checker was stopped; raise serve --timeout)",
                )
            )
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            how = self._replace()
            raise TaskFailed(
                Failure(
                    "worker-died",
                    f"the checker process died reading this file ({how}): a decoder or "
                    "renderer crashed, or the memory budget was exceeded; the server goes on",
                )
            ) from None
        if kind == "fail":
            raise TaskFailed(value)
        return value

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()


class Pool:
    """``n`` slots; :meth:`run` blocks until one is free (the server bounds the waiting)."""

    def __init__(
        self, n: int, budget: Budget, init: Callable[..., Any], initargs: tuple[Any, ...]
    ) -> None:
        # forkserver, as the audit: a child forked from a threaded parent whose OpenCV
        # thread pool has run can deadlock in its first parallel call
        ctx = multiprocessing.get_context("forkserver")
        self.slots = [_Slot(ctx, budget, init, initargs) for _ in range(max(1, n))]
        self.free: queue.Queue[_Slot] = queue.Queue()
        for s in self.slots:
            self.free.put(s)

    def warm(self) -> None:
        """Wait until every worker has loaded the checker and the kit."""
        for s in self.slots:
            s.wait_ready()

    def run(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` in a worker: its value, or :class:`TaskFailed`."""
        slot = self.free.get()
        try:
            return slot.call(fn)
        finally:
            self.free.put(slot)

    def close(self) -> None:
        for s in self.slots:
            s.close()
