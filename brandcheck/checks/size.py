"""``too-small`` and ``low-resolution``: how big the logo is and how sharp it really is."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def check_size(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail below the kit's minimum width: in mm when the physical size is known, else px.

    A photographed logo (``m.on_page`` set) is not judged: its pixels say nothing of the
    print's size. Its size on the page is reported instead (info), in mm when the printed
    format is stated and the page's ratio matches it (:mod:`brandcheck.paper`).
    """
    spec = kit.logo
    if m.on_page is not None:
        return [_on_page(m, kit)]
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


def _on_page(m: Measurements, kit: BrandKit) -> Finding:
    """The size of a photographed logo on its page, as an info finding."""
    on = m.on_page
    below = ""
    if on.width_mm is not None and on.width_mm < kit.logo.min_width_mm:
        below = f" (under the kit's {kit.logo.min_width_mm:g} mm minimum: check the print)"
    if on.width_mm is not None:
        measured, unit = round(on.width_mm, 1), "width_mm"
    elif on.width_share is not None:
        measured, unit = round(on.width_share, 4), "share_of_page_width"
    else:
        measured, unit = None, None
    return Finding(
        "too-small",
        Severity.INFO,
        f"logo size on the page: {on.says()}{below}; size is not judged in a photograph "
        "(its pixels say nothing of the print's size)",
        measured=measured,
        expected=kit.logo.min_width_mm if unit == "width_mm" else None,
        unit=unit,
        region=region(m),
        details=on.as_json(),
    )


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
