"""``too-small`` and ``low-resolution``: how big the logo is and how sharp it really is."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def check_size(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail below the kit's minimum width: in mm when the physical size is known, else px."""
    spec = kit.logo
    if m.width_mm is not None:
        if m.width_mm >= spec.min_width_mm:
            return []
        return [
            Finding(
                "too-small",
                Severity.FAIL,
                f"logo {m.width_mm:.1f} mm wide, minimum {spec.min_width_mm:g} mm "
                f"(at {m.ppi:.0f} ppi)",
                measured=round(m.width_mm, 2),
                expected=spec.min_width_mm,
                unit="width_mm",
                region=region(m),
                fix=f"enlarge the logo to at least {spec.min_width_mm:g} mm",
            )
        ]
    if m.width_px >= spec.min_width_px:
        return []
    return [
        Finding(
            "too-small",
            Severity.FAIL,
            f"logo {m.width_px:.0f} px wide, minimum {spec.min_width_px:g} px "
            "(no physical size in the file)",
            measured=round(m.width_px, 1),
            expected=spec.min_width_px,
            unit="width_px",
            region=region(m),
            fix=f"enlarge the logo to at least {spec.min_width_px:g} px",
        )
    ]


#: An upscaled raster shows when its edges are this much softer than its displayed size.
UPSCALE_RATIO = 0.6


def check_resolution(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when the logo's edges carry less detail than the kit needs.

    With a physical size: effective ppi below ``min_effective_ppi``. Without one: an
    effective width below ``min_effective_width_px`` *and* below 60 % of the displayed
    width (a small raster scaled up; a merely small logo is ``too-small``'s business).
    """
    if m.effective_width_px is None:
        return unmeasured("low-resolution", m, f"only {m.ink_pixels} ink pixels")
    ck = kit.checks
    ew = m.effective_width_px
    soft = ew < UPSCALE_RATIO * m.width_px
    if m.effective_ppi is not None:
        if m.effective_ppi >= ck.min_effective_ppi or not soft:
            return []
        return [
            Finding(
                "low-resolution",
                Severity.FAIL,
                f"logo artwork is {m.effective_ppi:.0f} ppi effective "
                f"(minimum {ck.min_effective_ppi:g}); it looks upscaled from ~{ew:.0f} px",
                measured=round(m.effective_ppi, 1),
                expected=ck.min_effective_ppi,
                unit="effective_ppi",
                region=region(m),
                fix="place the vector master (logo.svg) or a larger raster",
            )
        ]
    if ew >= ck.min_effective_width_px or not soft:
        return []
    return [
        Finding(
            "low-resolution",
            Severity.FAIL,
            f"logo shown {m.width_px:.0f} px wide but carries detail of ~{ew:.0f} px "
            f"(minimum {ck.min_effective_width_px:g}): upscaled from a small raster",
            measured=round(ew, 1),
            expected=ck.min_effective_width_px,
            unit="effective_width_px",
            region=region(m),
            fix="place the vector master (logo.svg) or a larger raster",
        )
    ]
