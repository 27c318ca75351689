"""``rotated`` and ``distorted``: the logo's pose against the artwork's."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def check_rotated(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when the logo's baseline turns more than the kit's tolerance."""
    tol = kit.logo.rotation_tolerance_deg
    a = m.angle_deg
    if abs(a) <= tol:
        return []
    return [
        Finding(
            "rotated",
            Severity.FAIL,
            # angle_deg is counter-clockwise positive as a viewer sees the page (geometry.pose)
            f"logo rotated {a:+.1f}° {'counter-clockwise' if a > 0 else 'clockwise'} "
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
