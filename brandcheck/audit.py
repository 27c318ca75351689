"""Batch audits: walk folders, check every poster in parallel, cache, summarise.

The unit of work is :func:`check_one` (a path -> JSON-able result dicts, one per page, and
an optional thumbnail): the same function runs in-process (``jobs=1``), in a process
pool, or on a Dask cluster, so every runner gives identical results.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandcheck.brand import BrandKit, load_brand
from brandcheck.result import FileResult

_KIT: BrandKit | None = None


@dataclass
class AuditRun:
    """What an audit produced."""

    results: list[FileResult] = field(default_factory=list)
    thumbnails: dict[tuple[str, int | None], str] = field(default_factory=dict)  # base64 JPEG
    #: full-size annotated images (base64 JPEG) for the report's click-to-enlarge
    views: dict[tuple[str, int | None], str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    files: int = 0  # files found to check (more than cached + analysed when interrupted)
    cached: int = 0
    analysed: int = 0
    interrupted: bool = False
    seconds: float = 0.0


#: Photo and layout formats a folder walk picks up although they may not be readable: each
#: is then checked, and one that cannot be read is an ``unsupported`` error row naming the
#: format and what to do, instead of vanishing among the skipped (a branch's iPhone photo).
RECOGNISED_SUFFIXES = (".heic", ".heif", ".hif", ".avif", ".psd", ".psb", ".jxl", ".jp2", ".j2k")


def walk(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Poster files under ``paths`` (recursively, sorted) and the files skipped."""
    from brandcheck.load import SUPPORTED_SUFFIXES

    wanted = (*SUPPORTED_SUFFIXES, *RECOGNISED_SUFFIXES)

    files: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.is_file() and not q.name.startswith("."):
                    (files if q.suffix.lower() in wanted else skipped).append(q)
        else:
            # a file named explicitly is always tried: its content decides, not its name
            files.append(p)
    return files, skipped


def why_skipped(path: str | Path) -> str:
    """Why a folder walk did not check ``path`` (its name is not a poster format's)."""
    suffix = Path(path).suffix.lower()
    return f"not a poster format ({suffix or 'no extension'})"


def _init(kit_root: str, worker: bool = False) -> None:
    global _KIT
    _KIT = load_brand(kit_root)
    if worker:
        _one_thread()


def _one_thread() -> tuple[int, int | None, Any]:
    """One OpenCV, BLAS and OCR thread in this process; returns what it replaced.

    ``--jobs N`` means N cores: N workers of one thread each, not N × (every core) threads
    fighting over the same cores. OpenBLAS matters most: its idle threads spin-wait, and
    with two workers on two cores each ran 1.4× slower per file until limited. The
    in-process ``jobs=1`` path obeys the same rule.
    """
    import cv2
    from threadpoolctl import threadpool_limits

    from brandcheck import lockup

    before = (cv2.getNumThreads(), lockup.THREADS, threadpool_limits(limits=1))
    cv2.setNumThreads(1)
    lockup.THREADS = 1
    return before


def _restore_threads(before: tuple[int, int | None, Any]) -> None:
    import cv2

    from brandcheck import lockup

    cv2.setNumThreads(before[0])
    lockup.THREADS = before[1]
    before[2].restore_original_limits()


def check_one(
    path: str,
    kit_root: str | None = None,
    thumbnail: bool = False,
    text: bool = True,
    slogans: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, str] | None]]:
    """Check one file; results as JSON dicts (picklable, cacheable) and page thumbnails."""
    from brandcheck.api import inspect_all
    from brandcheck.report.jsonout import result_dict

    kit = (
        _KIT
        if _KIT is not None and (kit_root is None or str(_KIT.root) == kit_root)
        else load_brand(kit_root)
    )
    out, thumbs = [], []
    for a in inspect_all(path, kit, text=text, slogans=slogans):
        out.append(result_dict(a.result))
        thumbs.append(_thumb(a) if thumbnail and a.poster is not None else None)
    return out, thumbs


def _thumb(a: Any) -> dict[str, str]:
    """The annotated overlay as base64 JPEGs: ``t`` a 480 px thumbnail, ``v`` full size.

    The full-size image is the ``--annotate`` overlay (1600 px long side) at JPEG quality
    75, about 100 KB for an A4 poster, against about 140 KB at 85.
    """
    import cv2

    from brandcheck.report.annotate import overlay

    img = cv2.cvtColor(overlay(a.poster.rgb, a.result), cv2.COLOR_RGB2BGR)
    h, w = img.shape[:2]
    f = 480 / max(h, w)
    small = cv2.resize(
        img, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA
    )
    out = {}
    for k, im, q in (("t", small, 80), ("v", img, 75)):
        ok, buf = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, q])
        out[k] = base64.b64encode(buf.tobytes()).decode("ascii") if ok else ""
    return out


def _progress(total: int) -> Callable[[str], None]:
    """A progress bar on a terminal (tqdm), one plain line per file otherwise."""
    if sys.stderr.isatty():
        try:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", file=sys.stderr)
            return lambda name: bar.update(1)
        except ImportError:
            pass
    done = [0]

    def line(name: str) -> None:
        done[0] += 1
        print(f"[{done[0]}/{total}] {name}", file=sys.stderr, flush=True)

    return line


def audit(
    paths: Iterable[str | Path],
    kit: BrandKit | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    thumbnails: bool = False,
    dask_address: str | None = None,
    progress: bool = True,
    text: bool = True,
    slogans: bool = False,
) -> AuditRun:
    """Check every supported file under ``paths``; see the module docstring."""
    from brandcheck import __version__
    from brandcheck.cache import Cache, content_key
    from brandcheck.report.jsonout import result_from_dict

    kit = kit or load_brand()
    t0 = time.perf_counter()
    files, skipped = walk(paths)
    run = AuditRun(skipped=[str(s) for s in skipped], files=len(files))
    cache = Cache(cache_dir) if use_cache else None
    tick = _progress(len(files)) if progress else (lambda name: None)
    todo: list[tuple[str, str | None]] = []
    done: dict[str, list[dict[str, Any]]] = {}
    thumbs: dict[str, list[dict[str, str] | None]] = {}
    for f in files:
        key = None
        if cache is not None:
            try:
                # results with and without the text checks are different results
                key = content_key(
                    f,
                    kit.digest,
                    __version__ + ("" if text else "+no-text") + ("+slogans" if slogans else ""),
                )
            except OSError:
                key = None  # unreadable: the check itself reports why
            hit = cache.get(key) if key else None
            # thumbnails are {"t", "v"} JPEGs; an older entry's bare thumbnail is remade
            if hit is not None and (
                not thumbnails or all(isinstance(t, dict) for t in hit["thumbs"])
            ):
                done[str(f)], thumbs[str(f)] = hit["results"], hit["thumbs"]
                run.cached += 1
                tick(f.name)
                continue
        todo.append((str(f), key))

    def store(
        path: str, key: str | None, res: list[dict[str, Any]], th: list[dict[str, str] | None]
    ) -> None:
        done[path], thumbs[path] = res, th
        run.analysed += 1
        if cache is not None and key:
            cache.put(key, {"results": res, "thumbs": th})
        tick(Path(path).name)

    kit_root = str(kit.root)
    try:
        if dask_address:
            _run_dask(dask_address, todo, kit_root, thumbnails, store, text, slogans)
        elif (jobs or os.cpu_count() or 1) <= 1 or len(todo) <= 1:
            _init(kit_root)
            before = _one_thread()
            try:
                for path, key in todo:
                    store(path, key, *check_one(path, kit_root, thumbnails, text, slogans))
            finally:
                _restore_threads(before)
        else:
            _run_pool(jobs or os.cpu_count() or 1, todo, kit_root, thumbnails, store, text, slogans)
    except KeyboardInterrupt:
        run.interrupted = True
    finally:
        if cache is not None:
            cache.close()
    for f in files:  # keep the walk's order, whatever order workers finished in
        for i, d in enumerate(done.get(str(f), [])):
            r = result_from_dict(d)
            run.results.append(r)
            t = thumbs.get(str(f), [None])[i] if i < len(thumbs.get(str(f), [])) else None
            if isinstance(t, dict) and t.get("t"):
                run.thumbnails[(r.path, r.page)] = t["t"]
                run.views[(r.path, r.page)] = t.get("v") or t["t"]
    run.seconds = time.perf_counter() - t0
    return run


def _run_pool(
    jobs: int,
    todo: list[tuple[str, str | None]],
    kit_root: str,
    thumbnails: bool,
    store: Callable[..., None],
    text: bool = True,
    slogans: bool = False,
) -> None:
    # forkserver, not fork: a child forked from a parent whose OpenCV thread pool has run
    # deadlocks in its first parallel call (seen: the audit hung in CI after other tests)
    ctx = multiprocessing.get_context("forkserver")
    ex = ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init, initargs=(kit_root, True)
    )
    pending: dict[Future[Any], tuple[str, str | None]] = {}
    it = iter(todo)
    try:
        # keep a bounded queue so Ctrl-C leaves little in flight
        for path, key in it:
            pending[ex.submit(check_one, path, kit_root, thumbnails, text, slogans)] = (path, key)
            if len(pending) >= 2 * jobs:
                break
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                path, key = pending.pop(fut)
                store(path, key, *fut.result())
                nxt = next(it, None)
                if nxt is not None:
                    pending[ex.submit(check_one, nxt[0], kit_root, thumbnails, text, slogans)] = nxt
    except KeyboardInterrupt:
        for fut in pending:
            fut.cancel()
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown()


def _run_dask(
    address: str,
    todo: list[tuple[str, str | None]],
    kit_root: str,
    thumbnails: bool,
    store: Callable[..., None],
    text: bool = True,
    slogans: bool = False,
) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("--dask needs dask.distributed: pip install 'brandcheck[dask]'") from exc
    with Client(address) as client:
        futs = {
            client.submit(check_one, path, kit_root, thumbnails, text, slogans, pure=False): (
                path,
                key,
            )
            for path, key in todo
        }
        for fut in as_completed(futs):
            path, key = futs[fut]
            store(path, key, *fut.result())


def summary(run: AuditRun, worst: int = 5, named: int = 10) -> str:
    """Counts by status, by code (posters and findings) and by folder; the worst files;
    the files skipped, by name."""
    from brandcheck.report.tally import by_folder, tally

    t = tally(run.results)
    lines = [
        f"{len(run.results)} result(s) from {run.cached + run.analysed} file(s) "
        f"({run.analysed} analysed, {run.cached} from cache, {len(run.skipped)} skipped) "
        f"in {run.seconds:.1f} s" + (" - interrupted, partial results" if run.interrupted else "")
    ]
    lines.append(
        "status: "
        + ", ".join(f"{k} {t.by_status.get(k, 0)}" for k in ("pass", "warn", "fail", "error"))
    )
    if t.by_code:
        lines.append(
            "codes:  "
            + ", ".join(
                f"{c} {p} poster(s)" + (f" ({n} findings)" if n != p else "")
                for c, (p, n) in t.by_code.items()
            )
        )
    regions = by_folder(run.results)
    if len(regions) > 1:
        lines.append("folders:")
        width = max(len(k) for k in regions)
        for name, g in regions.items():
            lines.append(
                f"  {name:<{width}}  {g.posters} poster(s): fail {g.by_status.get('fail', 0)} "
                f"({g.fail_rate:.0%}), warn {g.by_status.get('warn', 0)}, "
                f"error {g.by_status.get('error', 0)}, pass {g.by_status.get('pass', 0)}"
            )
    bad = sorted(
        (r for r in run.results if r.status in ("fail", "error")),
        key=lambda r: -sum(f.severity.value == "fail" for f in r.findings),
    )[:worst]
    for r in bad:
        what = (
            r.error.code
            if r.error
            else ", ".join(sorted({f.code for f in r.findings if f.severity.value == "fail"}))
        )
        lines.append(
            f"  {r.status.upper():5} {r.path}{'' if r.page is None else f'#page={r.page}'}: {what}"
        )
    for s in run.skipped[:named]:
        lines.append(f"  SKIP  {s}: {why_skipped(s)}")
    if len(run.skipped) > named:
        lines.append(f"  ... and {len(run.skipped) - named} more skipped (listed in the reports)")
    return "\n".join(lines)
