"""The Python API: what the CLI, the batch audit and the pre-commit hook all call.

>>> from brandcheck.api import check_file
>>> result = check_file("poster.jpg")          # the bundled Quality Month kit
>>> result.status, [f.code for f in result.findings]
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandcheck.brand import BrandKit, load_brand
from brandcheck.errors import BrandcheckError, TooLargeError
from brandcheck.findings import Finding
from brandcheck.result import ErrorInfo, FileResult, LogoResult, status_of

if TYPE_CHECKING:
    from brandcheck.load import Poster, ReadOptions
    from brandcheck.measure import Measurements

_OUT_OF_MEMORY = "ran out of memory while checking it (over the memory budget of this process)"


@dataclass
class Analysis:
    """A result together with what produced it, for reports that draw on the image."""

    result: FileResult
    poster: Poster | None = None
    measurements: list[Measurements] = field(default_factory=list)


def _round(v: Any) -> Any:
    import numpy as np

    if v is None:
        return None
    if isinstance(v, np.ndarray):
        return [round(float(x), 3) for x in v.ravel()]
    if isinstance(v, (tuple, list)):
        return [_round(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return round(float(v), 3)
    return v


def _logo_result(m: Measurements) -> LogoResult:
    from brandcheck import geometry as geo

    keys = (
        "width_px",
        "height_px",
        "width_mm",
        "ppi",
        "angle_deg",
        "aspect",
        "shear_deg",
        "perspective",
        "visible",
        "ink_pixels",
        "ink_lab",
        "ink_srgb",
        "ink_cmyk",
        "ink_spread_de76",
        "background_lab",
        "background_srgb",
        "contrast_ratio",
        "intrusion",
        "missing",
        "added",
        "edge_marked",
        "effective_width_px",
        "effective_ppi",
        "refined",
        "stated",
        "nearby_text",
        "ink_bg_de76",
        "intrusions",
        "component_missing",
    )
    measurements = {k: _round(getattr(m, k)) for k in keys}
    if m.on_page is not None:  # a photograph: its size on the page (keys added)
        measurements.update(m.on_page.as_json())
    return LogoResult(
        quad=geo.to_edge(m.quad).round(2).tolist(),
        confidence=round(float(m.score), 3),
        zone=geo.to_edge(m.zone).round(2).tolist(),
        measurements=measurements,
    )


def analyse(
    poster: Poster,
    kit: BrandKit,
    *,
    text: bool = True,
    slogans: bool = False,
    paper: str | None = None,
) -> Analysis:
    """Locate, measure and judge every logo in an already loaded poster.

    ``text``: read the usage-example text beside each logo (OCR; the lockup checks).
    ``slogans``: read every text line on the page and compare it with the official
    theme and slogans (OCR over the whole page, about a second).
    ``paper``: the printed format of a photographed poster (ISO 216, e.g. ``"A3"``), for
    its logos' sizes in mm (:mod:`brandcheck.paper`).
    """
    from dataclasses import replace as dc_replace

    from brandcheck import pageframe
    from brandcheck import paper as papers
    from brandcheck.checks import run_checks, run_file_checks
    from brandcheck.checks.file import FileFacts
    from brandcheck.locate import NotFound, locate, reference_for
    from brandcheck.measure import measure

    paper = papers.parse(paper) if paper else None
    ref = reference_for(kit.logo.artwork)
    found = locate(poster.rgb, ref)
    page = None
    if isinstance(found, NotFound):
        # a photograph: look again on its rectified page, where a tilted logo is square on
        found, page = pageframe.locate_on_page(poster, ref, found)
    missing = found if isinstance(found, NotFound) else None
    detections = [] if isinstance(found, NotFound) else found
    ms = [measure(poster, det, kit, ref, read_text=text) for det in detections]
    # a photograph of a print: the logos measured in the page's frame where it is found
    seen = pageframe.photo_plane(poster, list(detections), page)
    photo_logos = []
    if seen is not None:
        for i, det in enumerate(detections):
            ms[i], lg = pageframe.in_page(ms[i], det, ref, seen, poster.rgb, kit)
            photo_logos.append(lg)
            size = (poster.rgb.shape[1], poster.rgb.shape[0])
            on = papers.on_page(seen[1], det.homography, (ref.width, ref.height), size, paper)
            ms[i] = dc_replace(ms[i], on_page=on)
    logos = [_logo_result(m) for m in ms]
    findings: list[Finding] = [f.with_logo(i) for i, m in enumerate(ms) for f in run_checks(m, kit)]
    lines = None
    if slogans:
        from brandcheck.slogans import read_lines

        lines = read_lines(poster.rgb)
    facts = FileFacts(
        logos=len(ms),
        not_found=None if missing is None else missing.reason,
        candidates=[] if missing is None else list(missing.candidates),
        notes=tuple(poster.notes),
        camera=getattr(poster, "camera", None),
        photo=None if seen is None else dc_replace(seen[0], logos=tuple(photo_logos)),
        slogans=slogans,
        lines=lines,
    )
    findings = run_file_checks(facts, findings, kit)
    result = FileResult(
        path=poster.path,
        status=status_of(findings),
        page=poster.page,
        size=(poster.rgb.shape[1], poster.rgb.shape[0]),
        logos=logos,
        findings=findings,
        brand=kit.id,
        ppi=tuple(float(v) for v in poster.ppi) if poster.ppi else None,  # type: ignore[arg-type]
    )
    return Analysis(result, poster, ms)


def _error(
    path: str | Path, exc: BrandcheckError, kit: BrandKit, t0: float, page: int | None = None
) -> Analysis:
    return Analysis(
        FileResult(
            path=str(path),
            status="error",
            page=page,
            error=ErrorInfo(exc.code, exc.message),
            brand=kit.id,
            seconds=round(time.perf_counter() - t0, 4),
        )
    )


def out_of_memory(exc: BaseException) -> bool:
    """Python's ``MemoryError``, or OpenCV's ``cv::Error::StsNoMem`` (code -4), which it
    raises as ``cv2.error`` when an allocation fails under a memory budget."""
    return isinstance(exc, MemoryError) or (
        type(exc).__name__ == "error" and getattr(exc, "code", None) == _CV_STS_NO_MEM
    )


#: OpenCV's "insufficient memory" status (cv::Error::StsNoMem).
_CV_STS_NO_MEM = -4


def _internal_error(poster: Poster, kit: BrandKit, t0: float, exc: Exception) -> Analysis:
    """A bug: the result says where, and the batch goes on."""
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1]
    res = FileResult(
        path=poster.path,
        status="error",
        page=poster.page,
        error=ErrorInfo(
            "internal-error",
            f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:"
            f"{where.lineno}); please report it",
        ),
        brand=kit.id,
        seconds=round(time.perf_counter() - t0, 4),
    )
    return Analysis(res, poster)


def _analyse_safely(
    poster: Poster,
    kit: BrandKit,
    t0: float,
    text: bool = True,
    slogans: bool = False,
    paper: str | None = None,
) -> Analysis:
    from dataclasses import replace

    try:
        a = analyse(poster, kit, text=text, slogans=slogans, paper=paper)
    except Exception as exc:  # noqa: BLE001 - sorted below: out of memory, or a bug
        if not out_of_memory(exc):
            return _internal_error(poster, kit, t0, exc)
        # an input's size, not a bug: the memory budget (audit workers) or the machine's
        return Analysis(
            FileResult(
                path=poster.path,
                status="error",
                page=poster.page,
                error=ErrorInfo("too-large", _OUT_OF_MEMORY),
                brand=kit.id,
                seconds=round(time.perf_counter() - t0, 4),
            ),
            poster,
        )
    a.result = replace(a.result, seconds=round(time.perf_counter() - t0, 4))
    return a


def inspect_all(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
    options: ReadOptions | None = None,
    paper: str | None = None,
) -> Iterator[Analysis]:
    """Load and analyse every page of ``path`` (one for images, one per PDF page).

    A generator: each page is read, analysed and handed over before the next is rendered,
    so one rendered page is in memory at a time whatever the page count (keep only
    ``a.result`` to keep it so). Never raises for a bad input: the error's stable code and
    message go into a result, so a batch goes on; a PDF page that cannot be read ends the
    file with an error result for that page, after the results of the pages before it.
    Brand-kit errors do raise (they concern every file). ``options`` are the readers'
    limits (pixels, pages, a PDF page's operators and form depth), defaults stated there.
    ``paper``: the printed format of photographed posters (:func:`analyse`).
    """
    from brandcheck import paper as papers
    from brandcheck.load import posters

    kit = brand if isinstance(brand, BrandKit) else load_brand(brand)
    paper = papers.parse(paper) if paper else None  # a bad name raises, like a bad kit
    t0 = time.perf_counter()
    pages = posters(Path(path), options)
    done = 0
    while True:
        try:
            poster = next(pages)
        except StopIteration:
            return
        except BrandcheckError as exc:
            yield _error(path, exc, kit, t0, page=done + 1 if done else None)
            return
        except MemoryError:
            yield _error(path, TooLargeError(_OUT_OF_MEMORY), kit, t0, done + 1 if done else None)
            return
        yield _analyse_safely(poster, kit, t0, text, slogans, paper)
        done += 1
        t0 = time.perf_counter()


def inspect_file(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
    options: ReadOptions | None = None,
    paper: str | None = None,
) -> Analysis:
    """Like :func:`inspect_all` for one image (or the first page of a PDF)."""
    from contextlib import closing

    from brandcheck import paper as papers
    from brandcheck.load import posters

    kit = brand if isinstance(brand, BrandKit) else load_brand(brand)
    paper = papers.parse(paper) if paper else None
    t0 = time.perf_counter()
    try:
        with closing(posters(Path(path), options)) as pages:
            poster = next(pages)
    except BrandcheckError as exc:
        return _error(path, exc, kit, t0)
    return _analyse_safely(poster, kit, t0, text, slogans, paper)


def check_path(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
    options: ReadOptions | None = None,
    paper: str | None = None,
) -> list[FileResult]:
    """Check every page of ``path``: one result per image, one per PDF page."""
    return [
        a.result
        for a in inspect_all(path, brand, text=text, slogans=slogans, options=options, paper=paper)
    ]


def check_file(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
    options: ReadOptions | None = None,
    paper: str | None = None,
) -> FileResult:
    """Check one file against the brand kit (default: the bundled Quality Month kit)."""
    return inspect_file(
        path, brand, text=text, slogans=slogans, options=options, paper=paper
    ).result
