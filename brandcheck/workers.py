"""Worker processes that one bad file cannot take down: budgets, replacement, no orphans.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies (a
pdfium ``abort()``, the kernel's OOM killer, a segfault in a decoder): every pending file
fails with ``BrokenProcessPool`` and nobody knows which file did it. Here each worker holds
one task at a time over its own pipe, so the parent always knows which file a worker was
on:

- a worker that dies is that file's error (``worker-died``, naming the signal), and a new
  worker takes its place; the batch goes on;
- each file has a time budget (``Budget.seconds``): past it the worker is killed and the
  file is a ``timeout`` error;
- each worker has a memory budget (``Budget.memory_mb``, ``RLIMIT_AS``): an allocation
  past it raises ``MemoryError`` in Python (the file is ``too-large``) or kills the worker
  (``worker-died``), never the machine;
- workers die with the audit: ``PR_SET_PDEATHSIG`` ties them to their parent process and a
  watchdog thread to the audit's pid, so ``kill -9`` of the audit leaves no worker behind.

Results travel back pickled, so a task's function and value must be picklable.

``check`` and ``hook`` run their files through :func:`run_each`: one worker *forked* from
the command's own process, which never runs OpenCV itself, so the worker starts in a few
milliseconds (a forkserver worker starts a new interpreter, 0.5-1 s, too slow for a
pre-commit hook) and imports the analysis once for all its files. A process that may have
run OpenCV's or onnxruntime's thread pools (a program or a test calling ``main()``) must
not fork: there the files are checked in-process under the time budget alone
(:func:`time_limit`).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

#: Per-file defaults, from issue 12's target (every file ends within 60 s and 2 GB): 50 s
#: for the check leaves room for the audit's and the worker's start (3-8 s measured on this
#: 2-core machine under load), so a stopped file is reported within the minute. A 300 ppi
#: A0 poster (139 Mpx) took 9 s with the lockup OCR; a long PDF with --slogans (about a
#: second a page) may need --timeout raised. 2048 MB of address space: a worker that
#: checked an A4 300 ppi poster with every OCR step peaked at 1.4 GB of address space
#: (0.6 GB resident), and the A0 poster passed within it.
DEFAULT_SECONDS = 50.0
DEFAULT_MEMORY_MB = 2048
#: A worker that dies this many times in a row before it is ready is a broken setup, not
#: a bad file: stop instead of respawning for ever.
_MAX_START_FAILURES = 3
#: How often an idle worker's watchdog checks that the audit is still alive (seconds).
_WATCHDOG_PERIOD = 0.5

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Budget:
    """What one file may cost: wall-clock seconds and a worker's address space in MB.

    ``None`` for either means no limit.
    """

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: int | None = DEFAULT_MEMORY_MB


@dataclass(frozen=True)
class Failure:
    """Why a task has no value: a stable ``code`` and a message for the file's result."""

    code: str
    message: str


def signal_name(exitcode: int | None) -> str:
    """``SIGABRT`` for exit code -6, ``exit status 3`` for 3."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


def usable_jobs(requested: int | None, budget: Budget) -> tuple[int, str | None]:
    """The number of workers to start and, when fewer than asked, why.

    Capped at the cores this process may run on (``--jobs 1000`` started 120 workers on 2
    cores, 6.8 GB) and at the memory available divided by the per-worker budget.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    want = requested or cores
    jobs, why = want, []
    if want > cores:
        jobs = cores
        why.append(f"{cores} core(s)")
    avail = _available_mb()
    if budget.memory_mb and avail is not None:
        by_memory = max(1, int(avail // budget.memory_mb))
        if by_memory < jobs:
            jobs = by_memory
            why.append(f"{avail / 1024:.1f} GB available at {budget.memory_mb} MB a worker")
    note = None
    if jobs < want and requested is not None:
        note = f"--jobs {requested} capped at {jobs}: " + " and ".join(why)
    return jobs, note


def _available_mb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


# --- inside a worker -----------------------------------------------------------------------


def _die_with(parent_pid: int) -> None:
    """End this process when the audit ends, however it ends (``kill -9`` included)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while True:
            time.sleep(_WATCHDOG_PERIOD)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # alive, owned by someone else (cannot happen for our own parent)

    threading.Thread(target=watch, name="brandcheck-watchdog", daemon=True).start()


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(
    conn: Connection,
    parent_pid: int,
    memory_mb: int | None,
    init: Callable[..., Any] | None,
    initargs: tuple[Any, ...],
) -> None:
    # the audit decides what Ctrl-C means; a worker must not die of it mid-file
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent_pid)
    if init is not None:
        init(*initargs)
    _limit_memory(memory_mb)  # after init: the budget is for a file, not for imports
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args = task
        try:
            conn.send(("ok", fn(*args)))
        except MemoryError:
            conn.send(("fail", Failure("too-large", _OUT_OF_MEMORY.format(memory_mb))))
        except Exception as exc:  # noqa: BLE001 - reported as that file's error, batch goes on
            conn.send(("fail", Failure("internal-error", f"{type(exc).__name__}: {exc}")))


_OUT_OF_MEMORY = "ran out of memory while checking it (worker budget {} MB; raise --max-memory)"


# --- the parent's side ---------------------------------------------------------------------


@dataclass
class _Worker:
    process: Any  # multiprocessing.context.ForkServerProcess
    conn: Connection
    ready: bool = False
    task: Any = None  # the tag of the file it is on
    started: float = 0.0


class WorkerPool:
    """``jobs`` worker processes, each replaced when it dies or overruns its budget."""

    def __init__(
        self,
        jobs: int,
        *,
        budget: Budget = Budget(),
        init: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
        start_method: str = "forkserver",
    ) -> None:
        # forkserver by default, not fork: a child forked from a parent whose OpenCV thread
        # pool has run deadlocks in its first parallel call (seen: the audit hung in CI);
        # "fork" only from a process known never to have run it (run_each)
        self.ctx: Any = multiprocessing.get_context(start_method)
        self.forks = start_method == "fork"
        self.jobs, self.budget, self.init, self.initargs = max(1, jobs), budget, init, initargs
        self.workers: list[_Worker] = []
        self.start_failures = 0

    def _spawn(self) -> _Worker:
        if self.forks:  # else the child flushes the parent's buffered output a second time
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    stream.flush()
        parent, child = self.ctx.Pipe(duplex=True)
        p = self.ctx.Process(
            target=_worker_main,
            args=(child, os.getpid(), self.budget.memory_mb, self.init, self.initargs),
            daemon=True,
            name="brandcheck-worker",
        )
        p.start()
        child.close()
        w = _Worker(p, parent)
        self.workers.append(w)
        return w

    def _retire(self, w: _Worker, *, kill: bool) -> None:
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        with contextlib.suppress(OSError):
            w.conn.close()
        self.workers.remove(w)

    def run(
        self, tasks: Iterable[tuple[Any, Callable[..., Any], tuple[Any, ...]]]
    ) -> Iterator[tuple[Any, Any, Failure | None]]:
        """Run ``(tag, fn, args)`` tasks; yield ``(tag, value, None)`` or ``(tag, None, failure)``
        as each finishes."""
        queue = iter(tasks)
        pending: Any = next(queue, None)
        try:
            for _ in range(self.jobs):
                self._spawn()
            while pending is not None or any(w.task is not None for w in self.workers):
                # hand work to every idle, ready worker
                for w in self.workers:
                    if pending is not None and w.ready and w.task is None:
                        tag, fn, args = pending
                        try:
                            w.conn.send((fn, args))
                        except OSError:  # it died just now: _collect sees it and replaces it
                            w.ready = False
                            continue
                        w.task, w.started = tag, time.monotonic()
                        pending = next(queue, None)
                yield from self._collect()
        finally:
            self.close()

    def _collect(self) -> Iterator[tuple[Any, Any, Failure | None]]:
        now = time.monotonic()
        limit = self.budget.seconds
        deadlines = [w.started + limit for w in self.workers if w.task is not None and limit]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        ready = wait(
            [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers], timeout
        )
        for w in list(self.workers):
            if w.conn in ready:
                try:
                    kind, value = w.conn.recv()
                except (EOFError, OSError):  # its end of the pipe closed: it is dying
                    yield from self._died(w)
                    continue
                except Exception as exc:  # noqa: BLE001 - a result that cannot be unpickled
                    tag = w.task
                    self._retire(w, kill=True)
                    self._spawn()
                    if tag is not None:
                        yield tag, None, Failure("internal-error", f"unreadable result: {exc}")
                    continue
                if kind == "ready":
                    w.ready, self.start_failures = True, 0
                    continue
                if kind in ("ok", "fail"):
                    tag, w.task = w.task, None
                    yield (tag, value, None) if kind == "ok" else (tag, None, value)
                    continue
            if w.process.sentinel in ready or not w.process.is_alive():
                yield from self._died(w)
            elif w.task is not None and limit and time.monotonic() - w.started > limit:
                tag = w.task
                self._retire(w, kill=True)
                self._spawn()
                yield tag, None, over_time(limit, "the worker was stopped")

    def _died(self, w: _Worker) -> Iterator[tuple[Any, Any, Failure | None]]:
        w.process.join(timeout=5)
        code = w.process.exitcode
        tag, was_ready = w.task, w.ready
        self._retire(w, kill=True)
        if not was_ready:
            self.start_failures += 1
            if self.start_failures >= _MAX_START_FAILURES:
                raise RuntimeError(
                    f"worker processes die before they are ready ({signal_name(code)}); "
                    "run with --jobs 1 to see why"
                )
        self._spawn()
        if tag is not None:
            yield (
                tag,
                None,
                Failure(
                    "worker-died",
                    f"the worker checking this file died ({signal_name(code)}): a decoder or "
                    "renderer crashed, or the memory budget was exceeded; the batch went on",
                ),
            )

    def close(self) -> None:
        """Stop every worker now (their files, if any, are abandoned)."""
        for w in list(self.workers):
            with contextlib.suppress(OSError, ValueError):
                if w.task is None and w.process.is_alive():
                    w.conn.send(None)
            self._retire(w, kill=w.task is not None)


def over_time(seconds: float, how: str) -> Failure:
    """A file's ``timeout``: it was stopped (``how``) at its time budget."""
    return Failure(
        "timeout",
        f"not finished within the time budget of {seconds:g} s per file ({how}; raise --timeout)",
    )


class OverTime(BaseException):
    """Raised in the main thread at a :func:`time_limit` deadline.

    A ``BaseException``, as ``KeyboardInterrupt`` is: the ``except Exception`` that turns a
    bug into a file's internal error must not swallow it.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverTime` in the main thread after ``seconds`` of wall time.

    ``SIGALRM`` by ``setitimer``: Python runs the handler between bytecodes, so a
    pure-Python loop is stopped on time and a long C call when it returns (a call that
    never returns is stopped only by a worker's budget). No limit outside the main thread,
    without ``SIGALRM`` (Windows), or for ``None``/0.
    """
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise OverTime

    before = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def can_fork(pristine: bool) -> bool:
    """Whether a worker may be forked from this process.

    ``pristine``: the process had loaded neither OpenCV nor onnxruntime before brandcheck's
    command began (whose own process never runs them), so no thread pool of theirs has run.
    Linux only (macOS frameworks are not fork-safe), and only with one thread: a fork
    copies no other thread, nor can it release the locks they hold.
    """
    return (
        pristine
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def run_each(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    budget: Budget,
    isolate: bool,
    init: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[Any, Any, Failure | None]]:
    """``fn(item)`` for each item in order: ``(item, value, None)`` or ``(item, None, failure)``.

    ``isolate`` (see :func:`can_fork`): in one worker forked from this process, replaced
    when it dies or overruns ``budget``; ``init(*initargs)`` runs in each worker before its
    first item. Otherwise in this process: ``init`` runs here, an item over the time budget
    is a ``timeout`` failure, memory is not limited, and an exception from ``fn`` propagates.
    """
    items = list(items)
    if isolate and items:
        pool = WorkerPool(1, budget=budget, init=init, initargs=initargs, start_method="fork")
        yield from pool.run((item, fn, (item,)) for item in items)
        return
    if init is not None:
        init(*initargs)
    for item in items:
        try:
            with time_limit(budget.seconds):
                value = fn(item)
        except OverTime:
            yield item, None, over_time(budget.seconds or 0, "stopped in this process")
            continue
        yield item, value, None
