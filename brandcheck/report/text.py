"""Text for designers: a verdict line per file, then one line per finding."""

from __future__ import annotations

from brandcheck.findings import Severity
from brandcheck.report.names import display
from brandcheck.result import FileResult

_MARK = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}


def _where(region: list[list[float]] | None) -> str:
    if not region:
        return ""
    xs = [p[0] for p in region]
    ys = [p[1] for p in region]
    return f" at x {min(xs):.0f}-{max(xs):.0f}, y {min(ys):.0f}-{max(ys):.0f}"


#: Info findings shown without ``--verbose``: the colour always (it carries the ΔE), and
#: the photograph note, which says how the rest was judged.
SHOWN_INFO = ("colour", "photo")


def render(r: FileResult, *, verbose: bool = False) -> str:
    """Lines for one file: ``path: VERDICT ...`` then ``path: severity code: message``."""
    name = display(r.path if r.page is None else f"{r.path}#page={r.page}")
    if r.error is not None:
        return f"{name}: ERROR {r.error.code}: {display(r.error.message)}"
    nf = sum(f.severity is Severity.FAIL for f in r.findings)
    nw = sum(f.severity is Severity.WARN for f in r.findings)
    lines = [f"{name}: {_MARK[r.status]} ({len(r.logos)} logo(s), {nf} fail, {nw} warn)"]
    for f in r.findings:
        if f.severity is Severity.INFO and not verbose and f.code not in SHOWN_INFO:
            continue
        logo = "" if f.logo is None else f" [logo {f.logo + 1}]"
        line = f"{name}: {f.severity.value} {f.code}{logo}: {f.message}{_where(f.region)}"
        if f.fix and f.severity is not Severity.INFO:
            line += f" -> {f.fix}"
        lines.append(display(line))
    return "\n".join(lines)
