"""``lockup-text``, ``lockup-layout``, ``lockup-absent``: the usage example beside the logo.

Text is compared after normalisation (NFKC, no spaces, no middle dots: OCR cannot judge
those from pixels). Layout is measured in the kit's lockup frame, in logo heights, against
where ``lockup.png`` sets the text.
"""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region
from brandcheck.findings import Finding, Severity
from brandcheck.lockup import differences, normalise
from brandcheck.measure import Measurements

#: Layout tolerance in logo heights (position) and as a share (text height), unless the
#: kit's ``[lockup]`` table sets ``position_tolerance`` / ``size_tolerance``.
POSITION_TOLERANCE = 0.25
SIZE_TOLERANCE = 0.2


def check_lockup_text(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when the text beside the logo nearly but not exactly matches the usage example."""
    r = m.lockup
    if r is None:
        return []
    official = kit.usage.example
    if r.status == "unavailable" or r.status == "unmeasurable":
        return [
            Finding(
                "lockup-text",
                Severity.INFO,
                f"lockup text not read: {r.reason}",
                expected=official,
                unit="text",
                region=region(m),
            )
        ]
    line = r.line
    if r.status == "absent" or line is None:
        return []  # check_lockup_absent's concern
    if normalise(line.text) == normalise(official):
        return [
            Finding(
                "lockup-text",
                Severity.INFO,
                f"lockup text reads {line.text!r} as the "
                f"usage example (OCR confidence {line.confidence:.2f})",
                measured=line.text,
                expected=official,
                unit="text",
                region=line.quad,
            )
        ]
    diff = differences(official, line.text)
    said = "; ".join(f"{d['official'] or '(nothing)'} -> {d['read'] or '(missing)'}" for d in diff)
    return [
        Finding(
            "lockup-text",
            Severity.FAIL,
            f"lockup text reads {line.text!r}, the usage example is {official!r} ({said})",
            measured=line.text,
            expected=official,
            unit="text",
            region=line.quad,
            fix=f"set the text exactly as {official!r}",
            details={
                "differences": diff,
                "confidence": line.confidence,
                "similarity": line.similarity,
                "compared": "NFKC, spaces and middle dots ignored",
            },
        )
    ]


def check_lockup_absent(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Note (info) a logo with no usage-example text beside it."""
    r = m.lockup
    if r is None or r.status != "absent":
        return []
    return [
        Finding(
            "lockup-absent",
            Severity.INFO,
            f"no usage-example text beside this logo ({r.reason})",
            measured=None,
            expected=kit.usage.example,
            unit="text",
            region=region(m),
            details={"other_text": list(r.others)},
        )
    ]


def _geometry(box: tuple[float, float, float, float], kit: BrandKit) -> dict[str, float]:
    """Gap after the logo, vertical centre offset and height, in logo heights."""
    _lx0, ly0, lx1, ly1 = kit.lockup.logo_box
    lh = ly1 - ly0
    return {
        "gap": round((box[0] - lx1) / lh, 3),
        "centre_offset": round(((box[1] + box[3]) / 2 - (ly0 + ly1) / 2) / lh, 3),
        "height": round((box[3] - box[1]) / lh, 3),
    }


def check_lockup_layout(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Warn when the lockup text stands elsewhere or at another size than in the usage example."""
    r = m.lockup
    if r is None or r.status != "read" or r.line is None:
        return []
    got = _geometry(r.line.box, kit)
    want = _geometry(kit.lockup.text_box, kit)
    pos_tol = kit.lockup.position_tolerance
    size_tol = kit.lockup.size_tolerance
    off = {k: got[k] - want[k] for k in got}
    bad = []
    if abs(off["gap"]) > pos_tol or abs(off["centre_offset"]) > pos_tol:
        where = (
            "below the logo"
            if off["centre_offset"] > 0.5
            else ("above the logo" if off["centre_offset"] < -0.5 else "away from its place")
        )
        bad.append(
            f"text stands {where} (gap {got['gap']:.2f}, centre offset "
            f"{got['centre_offset']:.2f} logo heights; usage example {want['gap']:.2f}, "
            f"{want['centre_offset']:.2f})"
        )
    if abs(got["height"] / want["height"] - 1) > size_tol:
        bad.append(
            f"text height {got['height']:.2f} logo heights, usage example {want['height']:.2f}"
        )
    if not bad:
        return []
    return [
        Finding(
            "lockup-layout",
            Severity.WARN,
            "lockup differs from the usage example: " + "; ".join(bad),
            measured=got,
            expected=want,
            unit="logo_heights",
            region=r.line.quad,
            fix="set the text beside the logo as in the usage example (lockup.png)",
            details={"position_tolerance": pos_tol, "size_tolerance": size_tol},
        )
    ]
