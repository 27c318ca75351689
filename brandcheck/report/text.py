"""Text for designers: a verdict line per file, one line per fail or warn, and a tally.

Info findings are shown with ``--verbose`` only, as ``check --help`` says, with one
exception: the photograph note, since it says how every other finding in the file was
judged (a rotation measured in a photo includes the camera's roll). The colour pipeline is
the same for every file; it is printed once, under ``-v``, by :func:`footer`.
"""

from __future__ import annotations

from collections import Counter

from brandcheck.findings import Finding, Severity
from brandcheck.report.names import display
from brandcheck.result import FileResult, to_mm

_MARK = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}

#: Info findings shown without ``--verbose``: the photograph note, which says how the rest
#: was judged (kept visible on purpose since commit cd8ae55).
SHOWN_INFO = ("photo",)


def where(region: list[list[float]] | None, r: FileResult) -> str:
    """`` at x 25-60, y 15-30 mm`` from the page's top-left, clipped to the page.

    Millimetres when the physical size is known (a stated resolution or a PDF page box),
    else pixels of the (EXIF-oriented) image, and the unit says which.
    """
    if not region:
        return ""
    xs = [p[0] for p in region]
    ys = [p[1] for p in region]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if r.size:
        w, h = r.size
        x0, x1 = max(0.0, min(x0, w)), max(0.0, min(x1, w))
        y0, y1 = max(0.0, min(y0, h)), max(0.0, min(y1, h))
    mm = to_mm([[x0, y0], [x1, y1]], r.ppi)
    if mm:
        (x0, y0), (x1, y1) = mm
        return f" at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f} mm"
    return f" at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f} px"


def _name(r: FileResult) -> str:
    return display(r.path if r.page is None else f"{r.path}#page={r.page}")


#: Shorter names for the PASS line (the page and ``-v`` use the full ones).
_SHORT = {"artwork intact": "intact", "inside the page": "on page", "resolution": "sharp"}
#: Checks whose value the PASS line quotes (the numbers a designer asks about first).
_QUOTED = ("size", "contrast", "colour")


def _verdict(r: FileResult) -> str:
    """``1 logo, 1 fail, 0 warn``; for a pass, what was checked instead of the zeros."""
    from brandcheck.report.checked import checked_ok

    nf = sum(f.severity is Severity.FAIL for f in r.findings)
    nw = sum(f.severity is Severity.WARN for f in r.findings)
    n = len(r.logos)
    logos = f"{n} logo{'' if n == 1 else 's'}"
    ok = checked_ok(r) if r.status == "pass" else []
    if not ok:
        return f"{logos}, {nf} fail, {nw} warn"
    seen: dict[str, str] = {}
    for c in ok:
        seen.setdefault(c.name, c.value.removesuffix(" wide"))
    names = [f"{k} {v}" if k in _QUOTED else _SHORT.get(k, k) for k, v in seen.items()]
    return f"{logos}; OK: " + ", ".join(names)


def finding_line(f: Finding, r: FileResult) -> str:
    """``path: severity code [logo n]: message at x .., y .. mm -> fix``."""
    logo = "" if f.logo is None or len(r.logos) < 2 else f" [logo {f.logo + 1}]"
    line = f"{_name(r)}: {f.severity.value} {f.code}{logo}: {f.message}{where(f.region, r)}"
    if f.fix and f.severity is not Severity.INFO:
        line += f" -> {f.fix}"
    return display(line)


def render(r: FileResult, *, verbose: bool = False) -> str:
    """Lines for one file: ``path: VERDICT (...)`` then ``path: severity code: message``.

    Fails come first, then warnings, then (``verbose``) info findings.
    """
    name = _name(r)
    if r.error is not None:
        return f"{name}: ERROR {r.error.code}: {display(r.error.message)}"
    lines = [f"{name}: {_MARK[r.status]} ({_verdict(r)})"]
    order = {Severity.FAIL: 0, Severity.WARN: 1, Severity.INFO: 2}
    for f in sorted(r.findings, key=lambda f: order[f.severity]):
        if f.severity is Severity.INFO and not verbose and f.code not in SHOWN_INFO:
            continue
        lines.append(finding_line(f, r))
    return "\n".join(lines)


def tally(results: list[FileResult]) -> str:
    """The closing line, as linters print: ``15 files: 3 pass, 11 fail, 1 error``."""
    st = Counter(r.status for r in results)
    files = len({r.path for r in results})
    pages = "" if files == len(results) else f" ({len(results)} pages)"
    parts = [f"{st[k]} {k}" for k in ("pass", "warn", "fail", "error") if st[k]]
    return f"{files} file{'' if files == 1 else 's'}{pages}: " + ", ".join(
        parts or ["nothing checked"]
    )


def footer(results: list[FileResult], *, verbose: bool = False) -> str:
    """What follows every file's lines: under ``verbose`` the colour pipeline, then the tally."""
    lines = []
    if verbose and any(f.code == "colour" for r in results for f in r.findings):
        from brandcheck.colour import PIPELINE_NOTE

        lines.append(f"colour pipeline: {PIPELINE_NOTE}")
    lines.append(tally(results))
    return "\n".join(lines)
