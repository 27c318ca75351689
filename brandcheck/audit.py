"""Batch audits: walk folders, check every poster in parallel, cache, summarise.

The unit of work is :func:`check_one` (a path -> JSON-able result dicts, one per page, and
an optional thumbnail): the same function runs in worker processes (:mod:`brandcheck.workers`:
one bad file is that file's error, never the batch's), in-process (``isolate=False``), or
on a Dask cluster, so every runner gives identical results.

A file's result always carries the file's own path, whatever the cache holds, and a file
that changes while it is checked (its size, times or inode differ before and after) is
checked again once, then reported, and never cached under content it no longer has.
"""

from __future__ import annotations

import base64
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandcheck.brand import BrandKit, load_brand
from brandcheck.cache import Signature
from brandcheck.report.names import display
from brandcheck.result import FileResult
from brandcheck.workers import Budget, WorkerPool, usable_jobs

_KIT: BrandKit | None = None


@dataclass
class AuditRun:
    """What an audit produced."""

    results: list[FileResult] = field(default_factory=list)
    #: the report's annotated thumbnails and full-size images (click-to-enlarge): JPEG
    #: files in a temporary folder that lives as long as this run, not base64 in memory
    #: (about 160 KB a poster: 1.6 GB for 10,000)
    thumbnails: dict[tuple[str, int | None], str | Path] = field(default_factory=dict)
    views: dict[tuple[str, int | None], str | Path] = field(default_factory=dict)
    images: Any = field(default=None, repr=False)  # the folder: a TemporaryDirectory
    skipped: list[str] = field(default_factory=list)
    files: int = 0  # files found to check (more than cached + analysed when interrupted)
    cached: int = 0
    analysed: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    #: things the user should be told once (a cache that could not be used, --jobs capped)
    warnings: list[str] = field(default_factory=list)


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
                if q.name.startswith(".") or q.is_dir():
                    continue
                if not q.is_file():  # FIFO, device, socket, broken link: never opened
                    skipped.append(q)
                elif q.suffix.lower() in wanted:
                    files.append(q)
                else:
                    skipped.append(q)
        else:
            # a file named explicitly is always tried: its content decides, not its name
            files.append(p)
    return files, skipped


def why_skipped(path: str | Path) -> str:
    """Why a folder walk did not check ``path``: not a regular file, or its name is not a
    poster format's."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return "a broken symbolic link"
        mode = stat.S_IFREG  # gone since the walk: its name is all there is to judge
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device"}
        kinds |= {stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}
        kind = next((k for test, k in kinds.items() if test(mode)), "a special file")
        return f"not a regular file ({kind}): never opened"
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
    paper: str | None = None,
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
    for a in inspect_all(path, kit, text=text, slogans=slogans, paper=paper):
        out.append(result_dict(a.result))
        thumbs.append(_thumb(a) if thumbnail and a.poster is not None else None)
    return out, thumbs


#: A file that changes while it is checked is checked this many more times, then reported.
RETRIES_WHEN_CHANGED = 1
CHANGED_MESSAGE = (
    "the file changed while it was being checked (its size, times or inode differ before "
    "and after, {} times): check it again once it is complete"
)


def check_stable(
    path: str,
    kit_root: str | None = None,
    thumbnail: bool = False,
    text: bool = True,
    slogans: bool = False,
    paper: str | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, str] | None], Signature | None]:
    """:func:`check_one`, and the file's signature, the same before and after the check.

    A file rewritten during its check gives a result that belongs to no version of it: it
    is checked again, and if it keeps changing it is an ``unreadable`` error saying so.
    The signature lets the caller cache only results of the bytes it hashed.
    """
    from brandcheck.cache import signature

    for _ in range(RETRIES_WHEN_CHANGED + 1):
        before = signature(path)
        out, thumbs = check_one(path, kit_root, thumbnail, text, slogans, paper)
        if signature(path) == before:
            return out, thumbs, before
    kit = _KIT if _KIT is not None else load_brand(kit_root)
    msg = CHANGED_MESSAGE.format(RETRIES_WHEN_CHANGED + 1)
    return [_failed(path, kit, "unreadable", msg)], [None], None


def _thumb(a: Any) -> dict[str, str]:
    from brandcheck.report.annotate import overlay

    return report_images(overlay(a.poster.rgb, a.result))


def report_images(rgb: Any) -> dict[str, str]:
    """An annotated overlay (RGB) as base64 JPEGs: ``t`` a 480 px thumbnail, ``v`` full size.

    The full-size image is the ``--annotate`` overlay (1600 px long side) at JPEG quality
    75, about 100 KB for an A4 poster, against about 140 KB at 85.
    """
    import cv2

    img = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
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
        print(f"[{done[0]}/{total}] {display(name)}", file=sys.stderr, flush=True)

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
    budget: Budget | None = None,
    isolate: bool = True,
    paper: str | None = None,
) -> AuditRun:
    """Check every supported file under ``paths``; see the module docstring.

    ``budget``: time and memory per file in worker processes (default
    :class:`~brandcheck.workers.Budget`: 50 s, 2048 MB). ``isolate=False`` checks in this
    process instead (no budget: one crashing file would end the audit; for debugging).
    ``paper``: the printed format of photographed posters (:mod:`brandcheck.paper`).
    """
    from brandcheck import __version__
    from brandcheck import paper as papers
    from brandcheck.cache import SafeCache, stable_key
    from brandcheck.report.jsonout import result_from_dict

    kit = kit or load_brand()
    paper = papers.parse(paper) if paper else None  # one spelling in the cache key
    budget = budget or Budget()
    t0 = time.perf_counter()
    files, skipped = walk(paths)
    run = AuditRun(skipped=[str(s) for s in skipped], files=len(files))
    cache = SafeCache(cache_dir) if use_cache else None
    tick = _progress(len(files)) if progress else (lambda name: None)
    # results with and without the text checks are different results
    version = __version__ + ("" if text else "+no-text") + ("+slogans" if slogans else "")
    version += f"+paper={paper}" if paper else ""  # a photo's sizes in mm
    todo: list[tuple[str, str | None, Signature | None]] = []
    done: dict[str, list[dict[str, Any]]] = {}
    thumbs: dict[str, list[dict[str, Path] | None]] = {}
    for f in files:
        key, sig = stable_key(f, kit.digest, version) if cache is not None else (None, None)
        hit = cache.get(key) if cache is not None and key else None
        # thumbnails are {"t", "v"} JPEGs (none for an error); an older entry's bare
        # thumbnail is remade
        if hit is not None and (
            not thumbnails
            or all(
                isinstance(t, dict) or d.get("error")
                for t, d in zip(hit["thumbs"], hit["results"], strict=False)
            )
        ):
            # the content is the same, the file may not be: the path is always this one's
            done[str(f)] = [{**d, "path": str(f)} for d in hit["results"]]
            thumbs[str(f)] = _spill(run, hit["thumbs"] if thumbnails else [])
            run.cached += 1
            tick(f.name)
            continue
        todo.append((str(f), key, sig))
    if cache is not None:
        run.warnings += cache.warnings  # told once, before the long part
        del cache.warnings[:]

    def store(
        path: str,
        key: str | None,
        hashed: Signature | None,
        res: list[dict[str, Any]],
        th: list[dict[str, str] | None],
        checked: Signature | None,
    ) -> None:
        done[path], thumbs[path] = res, _spill(run, th)
        run.analysed += 1
        # cache only what was checked from the very bytes that were hashed
        if cache is not None and key and hashed is not None and checked == hashed:
            cache.put(key, {"results": res, "thumbs": th})
        tick(Path(path).name)

    kit_root = str(kit.root)
    args = (kit_root, thumbnails, text, slogans, paper)
    try:
        if dask_address:
            _run_dask(dask_address, todo, args, store)
        elif not isolate:
            _init(kit_root)
            before = _one_thread()
            try:
                for path, key, sig in todo:
                    store(path, key, sig, *check_stable(path, *args))
            finally:
                _restore_threads(before)
        elif todo:
            n, note = usable_jobs(jobs, budget)
            if note:
                run.warnings.append(f"note: {note}")
            _run_pool(min(n, len(todo)), todo, args, store, budget, kit)
    except KeyboardInterrupt:
        run.interrupted = True
    finally:
        if cache is not None:
            cache.close()
            run.warnings += cache.warnings
    for f in files:  # keep the walk's order, whatever order workers finished in
        for i, d in enumerate(done.get(str(f), [])):
            r = result_from_dict(d)
            run.results.append(r)
            t = thumbs.get(str(f), [None])[i] if i < len(thumbs.get(str(f), [])) else None
            if t is not None:
                run.thumbnails[(r.path, r.page)] = t["t"]
                run.views[(r.path, r.page)] = t["v"]
    run.seconds = time.perf_counter() - t0
    return run


def _spill(run: AuditRun, th: list[dict[str, str] | None]) -> list[dict[str, Path] | None]:
    """Write a file's report images (base64 JPEGs) to the run's temporary folder."""
    if not any(isinstance(t, dict) for t in th):
        return [None] * len(th)
    import tempfile

    if run.images is None:
        run.images = tempfile.TemporaryDirectory(prefix="brandcheck-images-")
    out: list[dict[str, Path] | None] = []
    for t in th:
        if not isinstance(t, dict) or not t.get("t"):
            out.append(None)
            continue
        files = {}
        for k in ("t", "v"):
            fd, name = tempfile.mkstemp(dir=run.images.name, suffix=f".{k}.jpg")
            with os.fdopen(fd, "wb") as fh:
                fh.write(base64.b64decode(t.get(k) or t["t"]))
            files[k] = Path(name)
        out.append(files)
    return out


def _failed(path: str, kit: BrandKit, code: str, message: str) -> dict[str, Any]:
    """A file's error result, as a worker would have returned it."""
    from brandcheck.report.jsonout import result_dict
    from brandcheck.result import ErrorInfo

    return result_dict(
        FileResult(path=path, status="error", error=ErrorInfo(code, message), brand=kit.id)
    )


def _run_pool(
    jobs: int,
    todo: list[tuple[str, str | None, Signature | None]],
    args: tuple[Any, ...],
    store: Callable[..., None],
    budget: Budget,
    kit: BrandKit,
) -> None:
    """Check ``todo`` in isolated workers; a file whose worker died or overran its budget
    gets that as its error result, and the batch goes on."""
    pool = WorkerPool(jobs, budget=budget, init=_init, initargs=(args[0], True))
    tasks = ((item, check_stable, (item[0], *args)) for item in todo)
    for (path, key, sig), value, failure in pool.run(tasks):
        if failure is None:
            store(path, key, sig, *value)
        else:
            store(
                path, None, None, [_failed(path, kit, failure.code, failure.message)], [None], None
            )


class DaskAddressError(ValueError):
    """``--dask`` names no scheduler that answers: a usage error, said at once."""


#: Seconds to wait for a Dask scheduler to answer before calling the address wrong.
DASK_CONNECT_TIMEOUT_S = 5.0


def _run_dask(
    address: str,
    todo: list[tuple[str, str | None, Signature | None]],
    args: tuple[Any, ...],
    store: Callable[..., None],
) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise DaskAddressError(
            "--dask needs dask.distributed: pip install 'brandcheck[dask]'"
        ) from exc
    check_dask_address(address)
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise DaskAddressError(
            f"no Dask scheduler answered at {address!r} within {DASK_CONNECT_TIMEOUT_S:g} s: {exc}"
        ) from exc
    with client:
        futs = {
            client.submit(check_stable, path, *args, pure=False): (path, key, sig)
            for path, key, sig in todo
        }
        for fut in as_completed(futs):  # type: ignore[no-untyped-call]
            path, key, sig = futs[fut]
            store(path, key, sig, *fut.result())


def check_dask_address(address: str) -> None:
    """Refuse an address that cannot name a scheduler, before any connection is tried.

    Raises
    ------
    DaskAddressError
        Saying what form is expected (``tcp://host:8786``).
    """
    from urllib.parse import urlsplit

    form = "expected SCHEME://HOST:PORT, e.g. tcp://scheduler:8786"
    try:
        u = urlsplit(address if "://" in address else "tcp://" + address)
        port = u.port
    except ValueError as exc:
        raise DaskAddressError(f"--dask {address!r}: {exc}; {form}") from exc
    if u.scheme not in ("tcp", "tls", "inproc", "ucx", "ws", "wss") or not u.hostname:
        raise DaskAddressError(f"--dask {address!r} is not a scheduler address; {form}")
    if u.scheme != "inproc" and port is None:
        raise DaskAddressError(f"--dask {address!r} has no port; {form}")


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: CJK (East Asian wide and full-width) characters two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def summary(run: AuditRun, worst: int = 5, named: int = 10) -> str:
    """Counts by status, by code (posters and findings) and by folder; the worst files;
    the files skipped, by name."""
    from brandcheck.report.tally import by_folder, photo_of, tally

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
        names = {k: display(k) for k in regions}
        width = max(_columns(n) for n in names.values())
        for name, g in regions.items():
            pad = " " * (width - _columns(names[name]))
            lines.append(
                f"  {names[name]}{pad}  {g.posters} poster(s): fail {g.by_status.get('fail', 0)} "
                f"({g.fail_rate:.0%}), warn {g.by_status.get('warn', 0)}, "
                f"error {g.by_status.get('error', 0)}, pass {g.by_status.get('pass', 0)}"
            )

    def is_photo(r: FileResult) -> bool:
        return photo_of(r) is not None

    photos = [r for r in run.results if is_photo(r)]
    if photos:
        st = {k: sum(r.status == k for r in photos) for k in ("pass", "warn", "fail", "error")}
        lines.append(
            f"photographs: {len(photos)} (fail {st['fail']}, warn {st['warn']}, pass "
            f"{st['pass']}); listed after the digital files: a photograph shows the print "
            "through a camera"
        )
    # digital files first: their failures are the artwork's; a photograph's may be the
    # camera's, and must not crowd them out of the list. Errors lead: a file that could not
    # be checked has no fail findings, so it would otherwise sort last and go unseen.
    bad = sorted(
        (r for r in run.results if r.status in ("fail", "error")),
        key=lambda r: (
            is_photo(r),
            r.status != "error",
            -sum(f.severity.value == "fail" for f in r.findings),
        ),
    )
    for r in bad[:worst]:
        what = (
            r.error.code
            if r.error
            else ", ".join(sorted({f.code for f in r.findings if f.severity.value == "fail"}))
        )
        lines.append(
            f"  {r.status.upper():5} {display(r.path)}"
            f"{'' if r.page is None else f'#page={r.page}'}{' [photo]' if is_photo(r) else ''}: "
            f"{what}"
        )
    if len(bad) > worst:
        lines.append(
            f"  ... and {len(bad) - worst} more failing or unreadable (listed in the reports)"
        )
    for s in run.skipped[:named]:
        lines.append(f"  SKIP  {display(s)}: {why_skipped(s)}")
    if len(run.skipped) > named:
        lines.append(f"  ... and {len(run.skipped) - named} more skipped (listed in the reports)")
    return "\n".join(lines)
