"""The checks: one small pure function per concern, and the registry that runs them.

A check takes the :class:`~brandcheck.measure.Measurements` of one logo and the brand kit
and returns findings. Adding a check touches its module, its test, and one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from brandcheck.brand import BrandKit
from brandcheck.checks.colour import check_colour, check_spot
from brandcheck.checks.contrast import check_contrast
from brandcheck.checks.geometry import check_distorted, check_rotated
from brandcheck.checks.integrity import check_altered
from brandcheck.checks.lockup import check_lockup_layout, check_lockup_text
from brandcheck.checks.size import check_resolution, check_size
from brandcheck.checks.space import check_clear_space, check_cropped
from brandcheck.checks.typography import check_font
from brandcheck.findings import Finding
from brandcheck.measure import Measurements

Check = Callable[[Measurements, BrandKit], list[Finding]]

#: Every per-logo check by its finding code. ``logo-missing`` is file-level (see api).
CHECKS: dict[str, Check] = {
    "colour": check_colour,
    "distorted": check_distorted,
    "rotated": check_rotated,
    "too-small": check_size,
    "clear-space": check_clear_space,
    "cropped": check_cropped,
    "altered": check_altered,
    "low-contrast": check_contrast,
    "low-resolution": check_resolution,
    "spot-colour": check_spot,
    "font": check_font,
    "lockup-text": check_lockup_text,
    "lockup-layout": check_lockup_layout,
}

#: Every finding code brandcheck can emit, for docs and CLI choices.
CODES = ("logo-missing", *CHECKS, "lockup-absent", "slogan-text")


def run_checks(
    m: Measurements, kit: BrandKit, only: tuple[str, ...] | None = None
) -> list[Finding]:
    """Run every registered check (or ``only`` those) on one logo's measurements."""
    out: list[Finding] = []
    for code, check in CHECKS.items():
        if only is None or code in only:
            out.extend(check(m, kit))
    return out
