"""Audit throughput: jobs 1 vs 2, first run vs cached run, peak memory per worker.

    python benchmarks/audit.py [--n 200] [--dir DIR]

Generates N A4 posters at 150 dpi (1240 × 1754, seeded, a tenth without a logo) unless
DIR already holds them, then times `brandcheck.audit.audit` over them, in this process:
jobs=1 (no cache), jobs=2 (no cache), a first cached run and a second run over the
unchanged files. Peak RSS is read with getrusage: the process itself for jobs=1, the
largest worker (RUSAGE_CHILDREN's maximum) for jobs=2.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import cv2


def make(d: Path, n: int) -> None:
    import numpy as np

    from brandcheck.synthetic import PHOTOS, PosterSpec, compliant_placement, make_poster
    from brandcheck.synthetic.corpus import save_rgb

    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rng = np.random.default_rng([7, i])
        spec = PosterSpec(width=1240, height=1754, ppi=150.0, photo=list(PHOTOS)[i % len(PHOTOS)], seed=i)
        logos = () if i % 10 == 9 else (compliant_placement(rng, 1240, 1754),)
        save_rgb(make_poster(replace(spec, logos=logos)).rgb, d / f"poster-{i:03d}.jpg", ppi=150.0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--dir", type=Path, default=None)
    a = ap.parse_args()
    from brandcheck.audit import audit
    from brandcheck.brand import load_brand

    d = a.dir or Path(tempfile.mkdtemp(prefix="bc-audit-"))
    if len(list(d.glob("*.jpg"))) < a.n:
        make(d, a.n)
    kit = load_brand()
    print(f"command: python benchmarks/audit.py --n {a.n}\nmachine: {os.cpu_count()} CPU, Python "
          f"{platform.python_version()}, OpenCV {cv2.__version__}; {a.n} A4 150 dpi JPEG posters")
    t = time.perf_counter()
    one = audit([d], kit, jobs=1, use_cache=False, progress=False)
    t1 = time.perf_counter() - t
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    two = audit([d], kit, jobs=2, use_cache=False, progress=False)
    t2 = time.perf_counter() - t
    rss_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert [r.status for r in one.results] == [r.status for r in two.results]
    with tempfile.TemporaryDirectory() as c:
        t = time.perf_counter()
        audit([d], kit, jobs=2, cache_dir=Path(c), progress=False)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        warm = audit([d], kit, jobs=2, cache_dir=Path(c), progress=False)
        hot = time.perf_counter() - t
    print(f"| run | wall time | ratio |\n|---|---|---|\n| jobs 1 | {t1:.1f} s | 1.00 |\n"
          f"| jobs 2 | {t2:.1f} s | {t1 / t2:.2f}× faster (target >= 1.7×) |\n"
          f"| first run, cache on (jobs 2) | {cold:.1f} s | |\n"
          f"| second run, unchanged files | {hot:.2f} s ({warm.cached} from cache) | {cold / hot:.0f}× faster (target >= 20×) |")
    print(f"peak RSS: {rss_self:.0f} MiB in-process (jobs 1); {rss_child:.0f} MiB largest worker (jobs 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
