"""Where a check's time goes, poster size by poster size, beside the decode (issue 15).

    python benchmarks/stages.py [--rounds N] [--sizes A5@150,A4@150,...] [--formats jpg,png]
                                [--threads N]

For each size (A5 150 dpi to A1 300 dpi) and format (JPEG q90 4:2:0, PNG), a poster is
generated with the kit's artwork (posterlab, one logo at 30 % of the width over a photo)
and, in ``N`` interleaved rounds (each round times every step of every poster once, so a
ratio compares timings taken side by side on a shared machine whose speed drifts):

- ``imread``: ``cv2.imread`` of the file, the decode floor;
- the check's stages as ``api.analyse`` runs them: ``load`` (brandcheck.load: header,
  decode, colour), ``locate``, ``measure`` (without the lockup text), ``checks`` (logo and
  file rules), ``lockup`` (the OCR beside each logo);
- ``core`` = load + ``api.analyse(text=False)`` (what ``--no-text`` costs), and ``+lockup``;
  ``other`` is what analyse spends beyond locate, measure and checks (the photograph's page
  plane, the small-logo template search, the file checks).

Each timing is taken in CPU time (``time.process_time``: this process's, less sensitive to
the other processes on the machine than the wall clock) and wall time; the table gives the
medians over rounds and the median of the per-round ratios core / imread (CPU). Peak memory
is traced separately (``tracemalloc``: NumPy and OpenCV arrays and Python objects) in one
untimed pass. ``--threads N`` runs OpenCV, the BLAS and the OCR on N threads (1: what
each audit worker runs, so CPU time carries no thread overhead); by default they keep
their own defaults. The fixed cost per poster is the intercept of a least-squares line through
(megapixels, core CPU ms) over the JPEG sizes; its slope is the cost per megapixel.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

# measure this checkout's brandcheck, not whichever one is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: ISO 216 sizes in mm.
PAPER_MM = {
    "A5": (148, 210),
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "A1": (594, 841),
}
DEFAULT_SIZES = "A5@150,A4@150,A3@150,A4@300,A3@300,A2@300,A1@300"


def make(path: Path, paper: str, dpi: int) -> None:
    """One compliant poster of ``paper`` at ``dpi``: a photo and one logo at 30 % width."""
    from posterlab.tuned import Placement, PosterSpec, make_poster
    from posterlab.tuned.corpus import save_rgb

    wmm, hmm = PAPER_MM[paper]
    w, h = round(wmm / 25.4 * dpi), round(hmm / 25.4 * dpi)
    spec = PosterSpec(width=w, height=h, ppi=float(dpi), photo="coffee", seed=7)
    s = make_poster(replace(spec, logos=(Placement(width=0.3 * w, centre=(w / 2, 0.2 * h)),)))
    save_rgb(s.rgb, path, quality=90, ppi=float(dpi))


def stages(path: Path, kit: Any, ref: Any) -> dict[str, Callable[[], Any]]:
    """The steps of one check, chained through a shared state, in the order analyse runs them."""
    from brandcheck.checks import run_checks, run_file_checks
    from brandcheck.checks.file import FileFacts
    from brandcheck.load import load
    from brandcheck.locate import NotFound, locate
    from brandcheck.lockup import read_lockup
    from brandcheck.measure import measure

    st: dict[str, Any] = {}

    def do_load() -> None:
        st["poster"] = load(path)

    def do_locate() -> None:
        found = locate(st["poster"].rgb, ref)
        st["dets"] = [] if isinstance(found, NotFound) else found

    def do_measure() -> None:
        st["ms"] = [measure(st["poster"], d, kit, ref, read_text=False) for d in st["dets"]]

    def do_checks() -> None:
        fs = [f for m in st["ms"] for f in run_checks(m, kit)]
        facts = FileFacts(logos=len(st["ms"]), not_found=None, candidates=[], notes=())
        st["findings"] = run_file_checks(facts, fs, kit)

    def do_analyse() -> None:
        from brandcheck.api import analyse

        analyse(st["poster"], kit, text=False)

    def do_lockup() -> None:
        if kit.lockup.defined:
            for d in st["dets"]:
                read_lockup(st["poster"].rgb, d.homography, kit)

    return {
        "imread": lambda: cv2.imread(str(path)),
        "load": do_load,
        "locate": do_locate,
        "measure": do_measure,
        "checks": do_checks,
        "analyse": do_analyse,
        "lockup": do_lockup,
    }


def set_threads(n: int | None) -> str:
    """Limit OpenCV, the BLAS libraries (threadpoolctl) and the OCR to ``n`` threads, for
    the whole run; says what the check runs on, for the header."""
    if n is None:
        return f"defaults (OpenCV {cv2.getNumThreads()})"
    from threadpoolctl import threadpool_limits

    from brandcheck import lockup

    cv2.setNumThreads(n)
    threadpool_limits(limits=n)  # kept for the whole run (the process ends with it)
    lockup.THREADS = n
    return f"{n} (OpenCV, BLAS, OCR)"


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def peak_mb(steps: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Traced peak (MB) of imread alone and of the whole core check."""
    out = {}
    for name, keys in (("imread", ("imread",)), ("core", ("load", "analyse"))):
        tracemalloc.start()
        for k in keys:
            steps[k]()
        out[name] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return out


_PDF_CHILD = """
import resource, sys, time
if sys.argv[3] != "-":
    import cv2
    from threadpoolctl import threadpool_limits
    from brandcheck import lockup
    cv2.setNumThreads(int(sys.argv[3]))
    threadpool_limits(limits=int(sys.argv[3]))
    lockup.THREADS = int(sys.argv[3])
from brandcheck.api import check_path
from brandcheck.brand import load_brand
kit = load_brand()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
c0, w0 = time.process_time(), time.perf_counter()
n = len(check_path(sys.argv[1], kit, text=sys.argv[2] == "text"))
c1, w1 = time.process_time(), time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, c1 - c0, w1 - w0, base / 1024, peak / 1024)
"""


def pdf_pages(rounds: int, threads: int | None = None) -> None:
    """A 1-page and a 50-page A4 PDF (tests.pdfs: the logo painted in stated CMYK), each
    checked in a fresh process (on ``threads`` threads when given): pages, CPU and wall time a page, peak RSS (MB) before the
    check (imports, kit) and at its end; medians of ``rounds``."""
    import subprocess

    from tests.pdfs import poster_pdf

    print(
        "\n| PDF | text | pages | CPU s a page | wall s a page | RSS after imports MB "
        "| peak RSS MB |\n|---|---|---|---|---|---|---|"
    )
    with tempfile.TemporaryDirectory() as d:
        for pages in (1, 50):
            f = Path(d) / f"a4-{pages}p.pdf"
            f.write_bytes(poster_pdf(pages=pages))
            for text in ("core", "text"):
                runs = []
                for _ in range(rounds):
                    out = subprocess.run(
                        [sys.executable, "-c", _PDF_CHILD, str(f), text, str(threads or "-")],
                        cwd=Path(__file__).resolve().parents[1],  # this checkout's brandcheck
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout.split()
                    runs.append([float(v) for v in out])
                n, cpu, wall, base, peak = (statistics.median(r[i] for r in runs) for i in range(5))
                print(
                    f"| A4, {pages} page(s) | {'lockup OCR' if text == 'text' else '--no-text'} "
                    f"| {n:.0f} | {cpu / n:.3f} | {wall / n:.3f} | {base:.0f} | {peak:.0f} |"
                )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default=DEFAULT_SIZES)
    ap.add_argument("--formats", default="jpg,png")
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the posters in")
    ap.add_argument("--pdf", action="store_true", help="time 1- and 50-page PDFs only")
    ap.add_argument(
        "--threads",
        type=int,
        default=None,
        help="OpenCV, BLAS and OCR threads (default: their own; 1 = an audit worker's)",
    )
    a = ap.parse_args()
    threads = set_threads(a.threads)
    if a.pdf:
        more = "" if a.threads is None else f" --threads {a.threads}"
        print(f"command: python benchmarks/stages.py --pdf --rounds {a.rounds}{more}")
        print(f"threads: {threads}")
        print(f"machine: {os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f} at start")
        pdf_pages(a.rounds, a.threads)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        return 0
    from brandcheck.brand import load_brand
    from brandcheck.locate import reference_for

    kit = load_brand()
    ref = reference_for(kit.logo.artwork)
    cmd = "python benchmarks/stages.py" + "".join(
        f" --{k} {v}"
        for k, v in (
            ("rounds", a.rounds),
            ("sizes", a.sizes),
            ("formats", a.formats),
            ("threads", a.threads),
        )
        if str(v) != str(ap.get_default(k))
    )
    print(
        f"command: {cmd}\nthreads: {threads}\nmachine: {os.cpu_count()} CPU, load average "
        f"{os.getloadavg()[0]:.1f} at start, Python {platform.python_version()}, "
        f"OpenCV {cv2.__version__}, NumPy {np.__version__}\nbrandcheck: "
        f"{Path(sys.modules['brandcheck'].__file__ or '').parent}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        posters: list[tuple[str, Path]] = []
        for size in a.sizes.split(","):
            paper, dpi = size.split("@")
            for fmt in a.formats.split(","):
                p = folder / f"{paper}-{dpi}dpi.{fmt}"
                if not p.exists():
                    make(p, paper, int(dpi))
                posters.append((f"{paper} {dpi} dpi {fmt.upper()}", p))
        steps = {label: stages(p, kit, ref) for label, p in posters}
        for s in steps.values():  # warm: reference, OCR model, first-call costs
            for fn in s.values():
                fn()
        names = ("imread", "load", "locate", "measure", "checks", "analyse", "lockup")
        cpu: dict[str, dict[str, list[float]]] = {k: {n: [] for n in names} for k in steps}
        wall: dict[str, dict[str, list[float]]] = {k: {n: [] for n in names} for k in steps}
        for _ in range(a.rounds):
            for label, s in steps.items():
                for n in names:
                    c, w = timed(s[n])
                    cpu[label][n].append(c)
                    wall[label][n].append(w)
        core = ("load", "analyse")
        print(
            f"\nCPU ms, median of {a.rounds} interleaved rounds (wall ms in brackets); "
            "core = load + api.analyse(text=False), what --no-text costs; other = the rest of analyse "
            "(photo plane, small-logo template search, file checks); ratio = median of per-round "
            "core CPU / imread CPU; peak = traced MB\n"
        )
        print(
            "| poster | Mpx | imread | load | locate | measure | checks | other | lockup | core "
            "| core+lockup | core/imread | peak imread / core |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        fit: list[tuple[float, float]] = []
        for label, p in posters:
            c, w = cpu[label], wall[label]
            mpx = float(np.prod(cv2.imread(str(p), cv2.IMREAD_REDUCED_GRAYSCALE_8).shape)) * 64e-6
            per_round_core = [sum(c[n][i] for n in core) for i in range(a.rounds)]
            per_round_wall = [sum(w[n][i] for n in core) for i in range(a.rounds)]
            core_ms = statistics.median(per_round_core) * 1e3
            with_lockup = statistics.median(
                per_round_core[i] + c["lockup"][i] for i in range(a.rounds)
            )
            ratio = statistics.median(
                per_round_core[i] / max(c["imread"][i], 1e-6) for i in range(a.rounds)
            )
            pk = peak_mb(steps[label])
            cell = {
                n: f"{statistics.median(c[n]) * 1e3:.0f} ({statistics.median(w[n]) * 1e3:.0f})"
                for n in names
            }
            other = statistics.median(
                c["analyse"][i] - c["locate"][i] - c["measure"][i] - c["checks"][i]
                for i in range(a.rounds)
            )
            print(
                f"| {label} | {mpx:.1f} | {cell['imread']} | {cell['load']} | {cell['locate']} | "
                f"{cell['measure']} | {cell['checks']} | {other * 1e3:.0f} | {cell['lockup']} | "
                f"{core_ms:.0f} "
                f"({statistics.median(per_round_wall) * 1e3:.0f}) | {with_lockup * 1e3:.0f} | "
                f"{ratio:.2f}x | {pk['imread']:.0f} / {pk['core']:.0f} |"
            )
            if label.endswith("JPG"):
                fit.append((mpx, core_ms))
        if len(fit) >= 2:
            x, y = np.array(fit).T
            slope, icpt = np.polyfit(x, y, 1)
            print(
                f"\nfixed cost per poster (JPEG, least squares over {len(fit)} sizes): "
                f"{icpt:.0f} ms CPU + {slope:.1f} ms per Mpx"
            )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
