"""Text for designers: a verdict line per file, one line per fail or warn, and a tally.

A finding's line is its short form (:func:`brief`, :func:`short_fix`): what was measured
against what was expected, where, and what to do, in a line a terminal shows whole (issue
16: at most 160 characters on the bundled samples). Messages explain at length and grow
as checks learn; they stay whole in JSON and under ``--verbose``.

Info findings are shown with ``--verbose`` only, as ``check --help`` says, with one
exception: the photograph note, since it says how every other finding in the file was
judged (a rotation measured in a photo includes the camera's roll); it is a word in the
file's status line. The colour pipeline is the same for every file; it is printed once,
under ``-v``, by :func:`footer`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from brandcheck.findings import SEVERITY_RANK, Finding, Severity
from brandcheck.report.names import display
from brandcheck.result import FileResult, to_mm

_MARK = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}

#: Info findings shown without ``--verbose``: the photograph note, which says how the rest
#: was judged (kept visible on purpose since commit cd8ae55), and a photographed logo's
#: size on its page (``too-small`` is info only in photographs: not judged, but the size a
#: reader asks about first). The text folds them into the file's status line
#: (:func:`note`); ``-v`` prints them whole.
SHOWN_INFO = ("photo", "too-small")

#: How the photograph note says the file was recognised (its ``measured``).
RECOGNISED = {"exif": "EXIF", "image": "page outline"}


def note(f: Finding, *, numbered: bool = False) -> str:
    """A :data:`SHOWN_INFO` finding in a word or two for the status line:
    ``photo, EXIF`` (its camera in the EXIF) or ``photo, page outline`` (seen in the image);
    ``41% of page width`` or ``123 mm wide on A3`` (a photographed logo's size; ``logo 2:``
    before it when ``numbered``: the file has several logos)."""
    if f.code == "photo":
        how = RECOGNISED.get(str(f.measured))
        return f"photo, {how}" if how else "photo"
    if f.code == "too-small":
        logo = f"logo {f.logo + 1}: " if numbered and f.logo is not None else ""
        paper = f.details.get("paper") if isinstance(f.details, dict) else None
        if f.unit == "width_mm" and isinstance(f.measured, (int, float)):
            return f"{logo}{f.measured:.0f} mm wide on {paper}"
        if f.unit == "share_of_page_width" and isinstance(f.measured, (int, float)):
            return f"{logo}{_pct(f.measured)} of page width"
        return f"{logo}size not measured"
    return f.code


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
    shown = [f for f in r.findings if f.severity is Severity.INFO and f.code in SHOWN_INFO]
    notes = [note(f) for f in shown if f.code != "too-small"]
    # a photographed logo's size goes with the logo count: "1 logo, 41% of page width"
    sizes = [note(f, numbered=n > 1) for f in shown if f.code == "too-small"]
    logos = "; ".join([*notes, ", ".join([f"{n} logo{'' if n == 1 else 's'}", *sizes])])
    ok = checked_ok(r) if r.status == "pass" else []
    if not ok:
        return f"{logos}, {nf} fail, {nw} warn"
    seen: dict[str, str] = {}
    for c in ok:
        seen.setdefault(c.name, c.value.removesuffix(" wide"))
    names = [f"{k} {v}" if k in _QUOTED else _SHORT.get(k, k) for k, v in seen.items()]
    return f"{logos}; OK: " + ", ".join(names)


def _pct(v: float) -> str:
    """A share as a percentage: one decimal below 10 % (where 0.4 % and 1 % differ).

    Rounded half up from the decimal the check stored (``round(share, 4)``), so 0.0605
    reads 6.1 %, as the check's own message does, not 6.0 % from its binary float.
    """
    d = Decimal(repr(v)) * 100
    q = d.quantize(Decimal("0.1") if abs(d) < 10 else Decimal(1), rounding=ROUND_HALF_UP)
    return f"{q.normalize():f}%"


_TOLERANCE = re.compile(r"\(tolerance (±[^)]*)\)")


def _tolerance(f: Finding) -> str:
    """`` (tolerance ±1°)`` as the check wrote it, else nothing: for a pose, ``expected``
    holds the ideal (upright, the artwork's proportions) and not the tolerance."""
    m = _TOLERANCE.search(f.message)
    return f" (tolerance {m.group(1)})" if m else ""


def _colour(m: float, e: Any, f: Finding) -> str:
    words = f.details.get("words") or ""
    return f"ΔE00 {m:.1f} {'>' if m > e else '≤'} {e:g}" + (f": {words}" if words else "")


def _colour_fix(f: Finding) -> str | None:
    """``set C11 M99 Y100 K0 / #C82626``: the print build and the screen value."""
    cmyk, srgb = f.details.get("expected_cmyk"), f.details.get("expected_srgb")
    if not cmyk or not srgb:
        return None
    c, m, y, k = cmyk
    return f"set C{c:g} M{m:g} Y{y:g} K{k:g} / #" + "".join(f"{int(v):02X}" for v in srgb)


def _turned(m: float, e: Any, f: Finding) -> str:
    from brandcheck.geometry import turn_direction

    return f"turned {abs(m):.1f}° {turn_direction(m)}{_tolerance(f)}"


def _aspect(m: float, e: Any, f: Finding) -> str:
    # aspect_ratio is height/width over the artwork's: above 1 the logo is too tall
    return f"too {'tall' if m > e else 'wide'}: aspect {m:.3f}{_tolerance(f)}"


def _object(m: float, e: Any, f: Finding) -> str:
    d = f.details
    if "object" in d and "objects" in d:
        return f"object {d['object'] + 1} of {d['objects']}: {_pct(m)} of the zone"
    return f"{_pct(m)} of the zone occupied > {_pct(e)}"


@dataclass(frozen=True)
class Brief:
    """How a unit's findings read in a default line.

    ``says``: the measured value against the expected one, from (measured, expected,
    finding); ``fix``: a short fix from the finding (None: the finding's own, shortened).
    ``numeric``: both values must be numbers (else any values but None: a text, a name).
    """

    says: Callable[[Any, Any, Finding], str]
    fix: Callable[[Finding], str | None] | None = None
    numeric: bool = True

    def applies(self, f: Finding) -> bool:
        """Whether ``f`` carries the values this short form needs."""
        vals = (f.measured, f.expected)
        if self.numeric:
            return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals)
        return all(v is not None for v in vals)


def _whole_fix(f: Finding) -> str | None:
    # a fix quoting a text or a name is kept whole: brackets and "; " may be in the quote
    return f.fix


def _layout(m: Any, e: Any, f: Finding) -> str:
    keys = ("gap", "centre_offset", "height")
    if not (isinstance(m, dict) and isinstance(e, dict) and all(k in m and k in e for k in keys)):
        return f.message
    got, want = (", ".join(f"{d[k]:.2f}" for k in keys) for d in (m, e))
    return f"text gap, offset, height {got} logo heights (usage example {want})"


def _names(v: Any) -> str:
    return " / ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)


#: Short forms by unit. A unit means one thing in every finding (it is in the JSON), so
#: its words live here once; comparisons read as linters write them ("19.8 > 3.5").
BRIEFS: dict[str, Brief] = {
    "delta_e00": Brief(_colour, _colour_fix),
    "angle_deg": Brief(_turned),
    "aspect_ratio": Brief(_aspect),
    "shear_deg": Brief(lambda m, e, f: f"sheared {m:+.1f}°{_tolerance(f)}"),
    "width_mm": Brief(lambda m, e, f: f"{m:.1f} mm wide < {e:g} mm"),
    "width_px": Brief(lambda m, e, f: f"{m:.0f} px wide < {e:g} px"),
    "effective_ppi": Brief(lambda m, e, f: f"~{m:.0f} ppi of detail < {e:g} ppi"),
    "effective_width_px": Brief(lambda m, e, f: f"~{m:.0f} px of detail < {e:g} px"),
    "contrast_ratio": Brief(lambda m, e, f: f"contrast {m:.2f}:1 < {e:g}:1"),
    "share_off_canvas": Brief(lambda m, e, f: f"{_pct(m)} off the canvas"),
    # one object of several: the kit's clear space is in the full fix (-v)
    "share_of_zone": Brief(_object, lambda f: "keep the clear space free"),
    "share_added": Brief(lambda m, e, f: f"marks added: {_pct(m)} of the ink > {_pct(e)}"),
    "share_missing": Brief(lambda m, e, f: f"{_pct(m)} of the ink missing > {_pct(e)}"),
    "share_of_component_missing": Brief(
        lambda m, e, f: f"{_pct(m)} of one part missing > {_pct(e)}"
    ),
    "share_of_edge": Brief(
        lambda m, e, f: f"outline or shadow on {_pct(m)} of the edge > {_pct(e)}"
    ),
    "text": Brief(lambda m, e, f: f"reads {m!r}, not {e!r}", _whole_fix, numeric=False),
    "spot_name": Brief(lambda m, e, f: f"spot colour {m!r}, not {e!r}", _whole_fix, numeric=False),
    "font_name": Brief(lambda m, e, f: f"set in {m!r}, not {_names(e)}", numeric=False),
    "logo_heights": Brief(_layout, numeric=False),
}


def brief(f: Finding) -> str:
    """The finding in a few words: what was measured, against what was expected.

    Built from ``measured``, ``expected`` and ``unit`` (:data:`BRIEFS`), so a default line
    stays short however much a message explains; the message (a contract) stays whole in
    JSON and under ``-v``. A unit without a short form, or a finding without the values
    it needs, keeps its message.
    """
    b = BRIEFS.get(f.unit or "")
    if b is None or not b.applies(f):
        return f.message
    return b.says(f.measured, f.expected, f)


_ASIDE = re.compile(r" \([^()]*\)")


def short_fix(f: Finding) -> str | None:
    """The fix in few words: the unit's (:data:`BRIEFS`), else the finding's first clause
    without asides in brackets ("scale the logo proportionally (lock aspect ratio)")."""
    if not f.fix:
        return None
    b = BRIEFS.get(f.unit or "")
    said = b.fix(f) if b is not None and b.fix is not None and b.applies(f) else None
    return said or _ASIDE.sub("", f.fix.split("; ")[0])


def finding_line(f: Finding, r: FileResult, *, verbose: bool = False) -> str:
    """``path: severity code [logo n]: message at x .., y .. mm -> fix``.

    By default the message and fix are their short forms (:func:`brief`,
    :func:`short_fix`); ``verbose`` prints them whole.
    """
    logo = "" if f.logo is None or len(r.logos) < 2 else f" [logo {f.logo + 1}]"
    said = f.message if verbose else brief(f)
    line = f"{_name(r)}: {f.severity.value} {f.code}{logo}: {said}{where(f.region, r)}"
    fix = f.fix if verbose else short_fix(f)
    if fix and f.severity is not Severity.INFO:
        line += f" -> {fix}"
    return display(line)


#: Clear-space objects a default text lists one by one for each logo (largest first, as the
#: check reports them); the rest are counted in one line. A busy background can put dozens
#: of objects in the zone; JSON, CSV, SARIF and ``-v`` keep every one.
OBJECTS_LISTED = 5


@dataclass(frozen=True)
class Folded:
    """Clear-space objects of one logo left out of a default listing: how many, how severe."""

    logo: int | None
    count: int
    severity: Severity

    def says(self, hint: str = "--format json or -v lists every one") -> str:
        """``17 more objects in the zone, smaller (hint)``: the line's message."""
        return f"{self.count} more object{'' if self.count == 1 else 's'} in the zone, smaller ({hint})"


def _is_object(f: Finding) -> bool:
    return f.code == "clear-space" and isinstance(f.details, dict) and "object" in f.details


def fold(findings: Iterable[Finding], limit: int = OBJECTS_LISTED) -> list[Finding | Folded]:
    """``findings`` in their order with at most ``limit`` clear-space objects per logo; a
    :class:`Folded` after a logo's last listed object counts the ones left out."""
    findings = list(findings)
    total: Counter[int | None] = Counter(f.logo for f in findings if _is_object(f))
    seen: Counter[int | None] = Counter()
    out: list[Finding | Folded] = []
    for f in findings:
        if not _is_object(f):
            out.append(f)
            continue
        seen[f.logo] += 1
        if seen[f.logo] <= limit:
            out.append(f)
        if seen[f.logo] == limit and total[f.logo] > limit:
            rest = [g for g in findings if _is_object(g) and g.logo == f.logo][limit:]
            worst = max((g.severity for g in rest), key=SEVERITY_RANK.__getitem__)
            out.append(Folded(f.logo, total[f.logo] - limit, worst))
    return out


def folded_line(x: Folded, r: FileResult) -> str:
    """``path: fail clear-space [logo n]: 17 more objects in the zone, ...``."""
    logo = "" if x.logo is None or len(r.logos) < 2 else f" [logo {x.logo + 1}]"
    return display(f"{_name(r)}: {x.severity.value} clear-space{logo}: {x.says()}")


def render(r: FileResult, *, verbose: bool = False) -> str:
    """Lines for one file: ``path: VERDICT (...)`` then ``path: severity code: message``.

    Fails come first, then warnings, then (``verbose``) info findings. By default a logo's
    clear-space objects beyond :data:`OBJECTS_LISTED` are counted in one line.
    """
    name = _name(r)
    if r.error is not None:
        return f"{name}: ERROR {r.error.code}: {display(r.error.message)}"
    lines = [f"{name}: {_MARK[r.status]} ({_verdict(r)})"]
    order = {Severity.FAIL: 0, Severity.WARN: 1, Severity.INFO: 2}
    # SHOWN_INFO is in the status line
    shown = [f for f in r.findings if verbose or f.severity is not Severity.INFO]
    shown.sort(key=lambda f: order[f.severity])
    for f in shown if verbose else fold(shown):
        if isinstance(f, Folded):
            lines.append(folded_line(f, r))
        else:
            lines.append(finding_line(f, r, verbose=verbose))
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
