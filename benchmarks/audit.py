"""Audit throughput: jobs 1 vs 2, first run vs cached run, peak memory per worker.

    python benchmarks/audit.py [--n 200] [--dir DIR] [--worker-cpu]

Generates N A4 posters at 150 dpi (1240 × 1754, seeded, a tenth without a logo) unless
DIR already holds them, then times `brandcheck.audit.audit` over them, in this process:
jobs=1 (no cache), jobs=2 (no cache), a first cached run and a second run over the
unchanged files. Every audit checks in worker processes (:mod:`brandcheck.workers`), one
per job. Peak RSS is each process's own high-water mark (VmHWM in /proc/PID/status,
Linux): this process for the check_one loop; for the audits every descendant (the
forkserver's workers are not our direct children, so getrusage's RUSAGE_CHILDREN would
miss them) is sampled while the audit runs and the largest is reported.

``--jobs N`` means N cores: in-process (jobs=1) and in each worker, OpenCV and the OCR
engine get one thread. For reference the table also times a plain loop over
``check_one`` with their default threading (every core), the way ``brandcheck check`` runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Self

import cv2

# measure this checkout's brandcheck, not whichever one is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make(d: Path, n: int) -> None:
    import numpy as np

    from posterlab.tuned import PHOTOS, PosterSpec, compliant_placement, make_poster
    from posterlab.tuned.corpus import save_rgb

    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rng = np.random.default_rng([7, i])
        spec = PosterSpec(
            width=1240, height=1754, ppi=150.0, photo=list(PHOTOS)[i % len(PHOTOS)], seed=i
        )
        logos = () if i % 10 == 9 else (compliant_placement(rng, 1240, 1754),)
        save_rgb(make_poster(replace(spec, logos=logos)).rgb, d / f"poster-{i:03d}.jpg", ppi=150.0)


def _hwm(pid: int) -> float:
    """Peak resident set of a process, MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for st in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = st.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(st.parent.name))
    out, todo = [], [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


class PeakWorkers:
    """Sample every descendant's peak RSS while a block runs; max per process, MiB."""

    def __enter__(self) -> Self:
        self.peak: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid in _descendants(os.getpid()):
                self.peak[pid] = max(self.peak.get(pid, 0.0), _hwm(pid))

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def worker_cpu(files: list[str], kit_root: str) -> None:
    """CPU time per file as an audit worker spends it: kit loaded once, one OpenCV/BLAS/OCR
    thread, ``check_one`` with the lockup OCR. On C idle cores the audit can do at most
    C / (mean CPU a file) posters a second; the wall time of a shared machine says less."""
    import statistics

    from brandcheck import audit as au

    au._init(kit_root, worker=True)
    au.check_one(files[0], kit_root)  # warm: reference, OCR session, first-call costs
    cpu: dict[str, list[float]] = {"logo": [], "logo-free": []}
    for f in files:
        c = time.process_time()
        out, _ = au.check_one(f, kit_root)
        kind = "logo" if any(r.get("logos") for r in out) else "logo-free"
        cpu[kind].append(time.process_time() - c)
    every = cpu["logo"] + cpu["logo-free"]
    mean = statistics.mean(every)
    print("| posters | files | CPU ms a file, median | mean |\n|---|---|---|---|")
    for kind, ts in (*cpu.items(), ("all", every)):
        if ts:
            print(
                f"| {kind} | {len(ts)} | {statistics.median(ts) * 1e3:.0f} "
                f"| {statistics.mean(ts) * 1e3:.0f} |"
            )
    print(f"bound on 2 idle cores: {2 / mean:.1f} posters a second (target >= 12)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument(
        "--worker-cpu",
        action="store_true",
        help="only the CPU time per file of a worker (one thread, OCR on), and the bound it "
        "sets on 2 idle cores",
    )
    a = ap.parse_args()
    from brandcheck.audit import audit
    from brandcheck.brand import load_brand

    d = a.dir or Path(tempfile.mkdtemp(prefix="bc-audit-"))
    if len(list(d.glob("*.jpg"))) < a.n:
        make(d, a.n)
    kit = load_brand()
    print(
        f"command: python benchmarks/audit.py --n {a.n}\nmachine: {os.cpu_count()} CPU, Python "
        f"{platform.python_version()}, OpenCV {cv2.__version__}; {a.n} A4 150 dpi JPEG posters"
    )
    from brandcheck.audit import check_one

    files = sorted(str(p) for p in d.glob("*.jpg"))[: a.n]
    if a.worker_cpu:
        worker_cpu(files, str(kit.root))
        return 0
    t = time.perf_counter()
    for f in files:
        check_one(f, str(kit.root))
    t0 = time.perf_counter() - t
    rss_self = _hwm(os.getpid())
    with PeakWorkers() as pw1:
        t = time.perf_counter()
        one = audit([d], kit, jobs=1, use_cache=False, progress=False)
        t1 = time.perf_counter() - t
    worker1 = max(pw1.peak.values(), default=0.0)
    with PeakWorkers() as pw:
        t = time.perf_counter()
        two = audit([d], kit, jobs=2, use_cache=False, progress=False)
        t2 = time.perf_counter() - t
    workers = sorted(pw.peak.values(), reverse=True)
    assert [r.status for r in one.results] == [r.status for r in two.results]
    with tempfile.TemporaryDirectory() as c:
        t = time.perf_counter()
        audit([d], kit, jobs=2, cache_dir=Path(c), progress=False)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        warm = audit([d], kit, jobs=2, cache_dir=Path(c), progress=False)
        hot = time.perf_counter() - t
    print(
        f"| run | wall time | ratio |\n|---|---|---|\n"
        f"| loop over check_one, default threads (every core) | {t0:.1f} s | {t1 / t0:.2f} |\n"
        f"| jobs 1 (one core) | {t1:.1f} s | 1.00 |\n"
        f"| jobs 2 | {t2:.1f} s | {t1 / t2:.2f}× faster (target >= 1.7×) |\n"
        f"| first run, cache on (jobs 2) | {cold:.1f} s | |\n"
        f"| second run, unchanged files | {hot:.2f} s ({warm.cached} from cache) | {cold / hot:.0f}× faster (target >= 20×) |"
    )
    print(
        f"peak RSS: {rss_self:.0f} MiB in-process (the check_one loop); jobs 1: its worker "
        f"{worker1:.0f} MiB; jobs 2: "
        + ", ".join(f"{m:.0f}" for m in workers[:3])
        + " MiB (largest descendant processes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
