"""``rotated`` and ``distorted``: the logo's pose against the artwork's."""

from __future__ import annotations

import math

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.geometry import turn_direction
from brandcheck.measure import Measurements

#: How well a located edge is known: within half a pixel. A length is then known to one
#: pixel (half at each end), which for a logo 44 × 12 px is 8 % of its height: more than
#: the kit's 3 % aspect tolerance. Such a pose fails only beyond tolerance + uncertainty
#: (a 168 × 30 px wordmark squashed 18 % still fails); between the two it is not judged.
EDGE_PRECISION_PX = 0.5


def aspect_precision(m: Measurements) -> float:
    """Relative uncertainty of the measured height/width: from edge precision alone, or
    as measured for a photographed logo (``m.pose_precision``)."""
    if m.pose_precision is not None:
        return m.pose_precision[1]
    return 2 * EDGE_PRECISION_PX / max(m.height_px, 1e-6) + 2 * EDGE_PRECISION_PX / max(
        m.width_px, 1e-6
    )


def shear_precision_deg(m: Measurements) -> float:
    """Uncertainty of the angle between the frame's axes: a pixel along each side (or as
    measured, ``m.pose_precision``)."""
    if m.pose_precision is not None:
        return m.pose_precision[2]
    return math.degrees(
        math.atan(2 * EDGE_PRECISION_PX / max(m.height_px, 1e-6))
        + math.atan(2 * EDGE_PRECISION_PX / max(m.width_px, 1e-6))
    )


def angle_precision_deg(m: Measurements) -> float:
    """Uncertainty of the baseline's angle: a pixel across the logo's width (or as
    measured, ``m.pose_precision``)."""
    if m.pose_precision is not None:
        return m.pose_precision[0]
    return math.degrees(math.atan(2 * EDGE_PRECISION_PX / max(m.width_px, 1e-6)))


def check_rotated(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when the logo's baseline turns more than the kit's tolerance."""
    tol = kit.logo.rotation_tolerance_deg
    a = m.angle_deg
    if abs(a) <= tol:
        return []
    if tol < angle_precision_deg(m) and abs(a) <= tol + angle_precision_deg(m):
        return unmeasured(
            "rotated",
            m,
            f"at {m.width_px:.0f} px wide the angle is known to ±{angle_precision_deg(m):.1f}° "
            f"only (measured {a:+.1f}°, tolerance ±{tol:g}°)",
        )
    way = turn_direction(a)
    return [
        Finding(
            "rotated",
            Severity.FAIL,
            f"logo rotated {abs(a) if way == 'upside down' else a:+.1f}° {way} "
            f"(tolerance ±{tol:g}°)",
            measured=round(a, 2),
            expected=0.0,
            unit="angle_deg",
            region=region(m),
            fix="set the logo upright",
        )
    ]


def check_distorted(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when height/width departs from the artwork's, or the axes are sheared."""
    out: list[Finding] = []
    tol = kit.logo.aspect_tolerance
    dev = m.aspect - 1.0
    # a pose less certain than the tolerance is judged only beyond tolerance + uncertainty
    if tol < aspect_precision(m) and tol < abs(dev) <= tol + aspect_precision(m):
        return unmeasured(
            "distorted",
            m,
            f"at {m.width_px:.0f} × {m.height_px:.0f} px the aspect is known to "
            f"±{aspect_precision(m):.0%} only (measured {m.aspect:.3f}, tolerance ±{tol:.0%})",
        )
    if abs(dev) > tol:
        axis = "squashed" if dev < 0 else "stretched"
        out.append(
            Finding(
                "distorted",
                Severity.FAIL,
                f"logo {axis} vertically: aspect {m.aspect:.3f} of the artwork's "
                f"(tolerance ±{tol:.0%})",
                measured=round(m.aspect, 4),
                expected=1.0,
                unit="aspect_ratio",
                region=region(m),
                fix="scale the logo proportionally (lock aspect ratio)",
                details={
                    "shear_deg": round(m.shear_deg, 2),
                    "perspective": round(m.perspective, 3),
                },
            )
        )
    stol, sp = kit.logo.shear_tolerance_deg, shear_precision_deg(m)
    if stol < sp and stol < abs(m.shear_deg) <= stol + sp:
        return out + unmeasured(
            "distorted",
            m,
            f"at {m.width_px:.0f} × {m.height_px:.0f} px the shear is known to ±{sp:.1f}° only "
            f"(measured {m.shear_deg:+.1f}°, tolerance ±{stol:g}°)",
        )
    if abs(m.shear_deg) > kit.logo.shear_tolerance_deg:
        out.append(
            Finding(
                "distorted",
                Severity.FAIL,
                f"logo sheared {m.shear_deg:+.1f}° (tolerance ±{kit.logo.shear_tolerance_deg:g}°)",
                measured=round(m.shear_deg, 2),
                expected=0.0,
                unit="shear_deg",
                region=region(m),
                fix="remove the skew; place the artwork unmodified",
            )
        )
    return out
