"""``low-contrast``: the logo against its own background (WCAG 2.1 non-text contrast)."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def check_contrast(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail below the kit's minimum contrast ratio (3:1, WCAG 2.1 SC 1.4.11)."""
    if m.contrast_ratio is None:
        return unmeasured("low-contrast", m, "ink or background colour not measurable")
    lim = kit.checks.min_contrast_ratio
    if m.contrast_ratio >= lim:
        return []
    return [
        Finding(
            "low-contrast",
            Severity.FAIL,
            f"logo contrast {m.contrast_ratio:.2f}:1 against its background "
            f"{m.background_srgb} (minimum {lim:g}:1)",
            measured=round(m.contrast_ratio, 2),
            expected=lim,
            unit="contrast_ratio",
            region=region(m),
            fix="place the logo on a light, plain background",
        )
    ]
