"""Measurements built by hand: each check is judged on numbers, not on images."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from brandcheck.measure import Measurements
from tests.conftest import INK


@pytest.fixture()
def good(kit):
    """A compliant logo: 600 px wide, upright, brand ink on white, clean zone."""
    from brandcheck import colour

    lab = np.asarray(colour.expected_lab(kit.colour), dtype=float)
    quad = np.array([[100, 100], [700, 100], [700, 440], [100, 440]], float)
    return Measurements(
        quad=quad,
        zone=quad,
        width_px=600.0,
        height_px=340.0,
        width_mm=None,
        ppi=None,
        angle_deg=0.1,
        aspect=1.004,
        shear_deg=0.05,
        perspective=1.0,
        visible=1.0,
        zone_visible=1.0,
        ink_pixels=5000,
        ink_lab=lab,
        ink_srgb=INK,
        ink_cmyk=None,
        ink_spread_de76=0.5,
        background_lab=np.array([100.0, 0, 0]),
        background_srgb=(255, 255, 255),
        contrast_ratio=5.4,
        intrusion=0.0,
        intrusion_box=None,
        missing=0.005,
        added=0.002,
        edge_marked=0.01,
        effective_width_px=580.0,
        effective_ppi=None,
        score=0.95,
        refined=True,
    )


@pytest.fixture()
def make(good):
    def _make(**kw):
        return replace(good, **kw)

    return _make
