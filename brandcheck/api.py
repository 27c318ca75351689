"""The Python API: what the CLI, the batch audit and the pre-commit hook all call.

>>> from brandcheck.api import check_file
>>> result = check_file("poster.jpg")          # the bundled Quality Month kit
>>> result.status, [f.code for f in result.findings]
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandcheck.brand import BrandKit, load_brand
from brandcheck.errors import BrandcheckError, TooLargeError
from brandcheck.findings import Finding
from brandcheck.result import ErrorInfo, FileResult, LogoResult, status_of

_OUT_OF_MEMORY = "ran out of memory while checking it (over the memory budget of this process)"


@dataclass
class Analysis:
    """A result together with what produced it, for reports that draw on the image."""

    result: FileResult
    poster: Any = None  # brandcheck.load.Poster
    measurements: list[Any] = field(default_factory=list)  # brandcheck.measure.Measurements


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


def _logo_result(m: Any) -> LogoResult:
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
    )
    return LogoResult(
        quad=geo.to_edge(m.quad).round(2).tolist(),
        confidence=round(float(m.score), 3),
        zone=geo.to_edge(m.zone).round(2).tolist(),
        measurements={k: _round(getattr(m, k)) for k in keys},
    )


def _pdf_fills(poster: Any) -> list[Any]:
    """Fills and stated colours of a PDF page (empty for raster input)."""
    if poster.source_format != "PDF" or poster.page is None:
        return []
    from brandcheck.pdfcolour import page_fills

    with open(poster.path, "rb") as fh:  # read-only, like every input
        return page_fills(fh.read(), poster.page - 1)


def _pdf_text(poster: Any) -> list[Any] | None:
    """Text objects of a PDF page (None for raster input, where fonts are unknown)."""
    if poster.source_format != "PDF" or poster.page is None:
        return None
    from brandcheck.pdftext import page_text

    with open(poster.path, "rb") as fh:
        return page_text(fh.read(), poster.page - 1)


def _with_text(m: Any, texts: list[Any], poster: Any) -> Any:
    """Attach the text set beside the logo: level with it, within four logo widths."""
    from dataclasses import replace

    k = 72.0 / poster.ppi[0]
    page_h = poster.rgb.shape[0] * k
    xs = (m.quad[:, 0] + 0.5) * k
    ys = page_h - (m.quad[:, 1] + 0.5) * k
    w, h = xs.max() - xs.min(), ys.max() - ys.min()
    x0, x1 = xs.min() - 4 * w, xs.max() + 4 * w
    y0, y1 = ys.min() - 0.5 * h, ys.max() + 0.5 * h
    near = [
        {"font": t.font, "text": t.text}
        for t in texts
        if t.bbox[0] < x1 and t.bbox[2] > x0 and t.bbox[1] < y1 and t.bbox[3] > y0
    ]
    return replace(m, nearby_text=near)


def _with_stated(m: Any, fills: list[Any], poster: Any) -> Any:
    """Attach the colour the PDF states under the logo (points from the render's ppi)."""
    from dataclasses import replace

    from brandcheck.pdfcolour import stated_colour

    k = 72.0 / poster.ppi[0]
    page_h = poster.rgb.shape[0] * k
    xs = (m.quad[:, 0] + 0.5) * k
    ys = page_h - (m.quad[:, 1] + 0.5) * k
    f = stated_colour(fills, (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())))
    if f is None:
        return m
    return replace(
        m,
        stated={
            "space": f.space,
            "values": list(f.values),
            "spot": f.spot,
            "alternate": None
            if f.alternate is None
            else {"space": f.alternate[0], "values": list(f.alternate[1])},
        },
    )


def analyse(poster: Any, kit: BrandKit, *, text: bool = True, slogans: bool = False) -> Analysis:
    """Locate, measure and judge every logo in an already loaded poster.

    ``text``: read the usage-example text beside each logo (OCR; the lockup checks).
    ``slogans``: read every text line on the page and compare it with the official
    theme and slogans (OCR over the whole page, about a second).
    """
    from brandcheck.checks import run_checks, run_file_checks
    from brandcheck.checks.file import FileFacts
    from brandcheck.locate import NotFound, locate, reference_for
    from brandcheck.measure import measure

    ref = reference_for(kit.logo.artwork)
    found = locate(poster.rgb, ref)
    missing = found if isinstance(found, NotFound) else None
    findings: list[Finding] = []
    logos: list[LogoResult] = []
    ms = []
    if not isinstance(found, NotFound):
        fills, texts = _pdf_fills(poster), _pdf_text(poster)
        for i, det in enumerate(found):
            m = measure(poster, det, kit, ref)
            if fills:
                m = _with_stated(m, fills, poster)
            if texts is not None:
                m = _with_text(m, texts, poster)
            if text and kit.lockup.defined:
                from dataclasses import replace

                from brandcheck.lockup import read_lockup

                m = replace(m, lockup=read_lockup(poster.rgb, det.homography, kit))
            ms.append(m)
            logos.append(_logo_result(m))
            findings.extend(f.with_logo(i) for f in run_checks(m, kit))
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


def _error(path: str | Path, exc: BrandcheckError, kit: BrandKit, t0: float) -> Analysis:
    return Analysis(
        FileResult(
            path=str(path),
            status="error",
            error=ErrorInfo(exc.code, exc.message),
            brand=kit.id,
            seconds=round(time.perf_counter() - t0, 4),
        )
    )


def _analyse_safely(
    poster: Any, kit: BrandKit, t0: float, text: bool = True, slogans: bool = False
) -> Analysis:
    from dataclasses import replace

    try:
        a = analyse(poster, kit, text=text, slogans=slogans)
    except MemoryError:
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
    except Exception as exc:  # noqa: BLE001 - a bug must not stop a batch or show a traceback
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
    a.result = replace(a.result, seconds=round(time.perf_counter() - t0, 4))
    return a


def inspect_all(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
) -> list[Analysis]:
    """Load and analyse every page of ``path`` (one for images, one per PDF page).

    Never raises for a bad input: the error's stable code and message go into the result,
    so a batch goes on. Brand-kit errors do raise (they concern every file).
    """
    from brandcheck.load import load_all

    kit = brand if isinstance(brand, BrandKit) else load_brand(brand)
    t0 = time.perf_counter()
    try:
        posters = load_all(Path(path))
    except BrandcheckError as exc:
        return [_error(path, exc, kit, t0)]
    except MemoryError:
        return [_error(path, TooLargeError(_OUT_OF_MEMORY), kit, t0)]
    out = []
    for poster in posters:
        out.append(_analyse_safely(poster, kit, t0, text, slogans))
        t0 = time.perf_counter()
    return out


def inspect_file(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
) -> Analysis:
    """Like :func:`inspect_all` for one image (or the first page of a PDF)."""
    from brandcheck.load import load

    kit = brand if isinstance(brand, BrandKit) else load_brand(brand)
    t0 = time.perf_counter()
    try:
        poster = load(Path(path))
    except BrandcheckError as exc:
        return _error(path, exc, kit, t0)
    return _analyse_safely(poster, kit, t0, text, slogans)


def check_path(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
) -> list[FileResult]:
    """Check every page of ``path``: one result per image, one per PDF page."""
    return [a.result for a in inspect_all(path, brand, text=text, slogans=slogans)]


def check_file(
    path: str | Path,
    brand: BrandKit | str | Path | None = None,
    *,
    text: bool = True,
    slogans: bool = False,
) -> FileResult:
    """Check one file against the brand kit (default: the bundled Quality Month kit)."""
    return inspect_file(path, brand, text=text, slogans=slogans).result
