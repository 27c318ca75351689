"""What was checked and found in order, with its value: the "checked and OK" list.

A PASS that only says PASS leaves a designer guessing what was looked at. Each located
logo's measurements say what every check saw; a check that raised no fail or warn for the
logo, and did measure (no "not measured" info), is listed here with the value behind it.
The text report and the web page both read this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brandcheck.findings import Severity
from brandcheck.result import FileResult


@dataclass(frozen=True)
class Checked:
    """One check that passed for one logo: its name, the codes it covers and the value."""

    logo: int
    name: str
    codes: tuple[str, ...]
    value: str


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) else None


def _size(m: dict[str, Any]) -> str | None:
    if _num(m.get("width_mm")) is not None:
        return f"{m['width_mm']:.1f} mm wide"
    if _num(m.get("width_px")) is not None:
        return f"{m['width_px']:.0f} px wide"
    return None


def _pose(m: dict[str, Any]) -> str | None:
    a, asp = _num(m.get("angle_deg")), _num(m.get("aspect"))
    if a is None or asp is None:
        return None
    return f"turned {abs(a):.1f}°, proportions {asp:.3f} of the artwork's"


def _space(m: dict[str, Any]) -> str | None:
    i = _num(m.get("intrusion"))
    return None if i is None else f"{i:.1%} of the zone occupied"


def _contrast(m: dict[str, Any]) -> str | None:
    c = _num(m.get("contrast_ratio"))
    return None if c is None else f"{c:.2f}:1"


def _integrity(m: dict[str, Any]) -> str | None:
    mi, ad = _num(m.get("missing")), _num(m.get("added"))
    if mi is None or ad is None:
        return None
    return f"{mi:.1%} missing, {ad:.1%} added"


def _resolution(m: dict[str, Any]) -> str | None:
    if _num(m.get("effective_ppi")) is not None:
        return f"~{m['effective_ppi']:.0f} ppi effective"
    if _num(m.get("effective_width_px")) is not None:
        return f"detail of ~{m['effective_width_px']:.0f} px"
    return None


def _inside(m: dict[str, Any]) -> str | None:
    v = _num(m.get("visible"))
    return None if v is None else f"{v:.0%} on the page"


#: name, finding codes it covers, value from the logo's measurements (None: not measured)
_FROM_MEASUREMENTS = (
    ("size", ("too-small",), _size),
    ("clear space", ("clear-space",), _space),
    ("contrast", ("low-contrast",), _contrast),
    ("pose", ("rotated", "distorted"), _pose),
    ("artwork intact", ("altered",), _integrity),
    ("resolution", ("low-resolution",), _resolution),
    ("inside the page", ("cropped",), _inside),
)


def checked_ok(r: FileResult) -> list[Checked]:
    """Every check that measured a logo of ``r`` and found nothing to warn about."""
    out: list[Checked] = []
    for i, lg in enumerate(r.logos):
        mine = [f for f in r.findings if f.logo == i]
        flagged = {f.code for f in mine if f.severity is not Severity.INFO}
        unmeasured = {
            f.code for f in mine if "not measured" in f.message or "not judged" in f.message
        }
        for name, codes, value in _FROM_MEASUREMENTS:
            v = value(lg.measurements)
            if v is not None and not (set(codes) & (flagged | unmeasured)):
                out.append(Checked(i, name, codes, v))
        colour = next((f for f in mine if f.code == "colour"), None)
        if colour is not None and colour.severity is Severity.INFO and colour.measured is not None:
            out.append(Checked(i, "colour", ("colour",), f"ΔE00 {colour.measured:.1f}"))
        lock = next((f for f in mine if f.code == "lockup-text"), None)
        if lock is not None and lock.severity is Severity.INFO and lock.measured is not None:
            out.append(Checked(i, "lockup", ("lockup-text",), f"reads {lock.measured!r}"))
    return out
