"""The colour check when a PDF states a colour it cannot compute.

pdfium renders nothing for a tint transform it cannot evaluate either, so these cases are
built as measurements: a logo whose pixels are ΔE00 ~3.6 off (pdfium's uncalibrated CMYK
rendering of the kit's build) and whose stated Separation has no computable alternate.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from brandcheck import colour
from brandcheck.checks.colour import check_colour, check_spot


def _stated(spot: str) -> dict:
    return {"space": "Separation", "values": [1.0], "spot": spot, "alternate": None}


def _rendered(good):
    # pdfium's rendering of C11 M99 Y100 K0: sRGB (217, 37, 40), ΔE00 3.6 from the build
    return replace(good, ink_lab=colour.srgb_to_lab(np.array([217, 37, 40])))


def test_named_spot_with_an_unreadable_alternate_passes_by_name(good, kit):
    m = replace(_rendered(good), stated=_stated("PANTONE 5216 C"))
    (f,) = check_colour(m, kit)
    assert f.severity.value == "info" and "passes by name" in f.message
    assert f.measured == "PANTONE 5216 C"


def test_pixels_never_warn_when_the_pdf_states_the_colour(good, kit):
    m = replace(_rendered(good), stated=_stated("PANTONE 485 C"))
    (f,) = check_colour(m, kit)
    assert 3.5 < f.measured <= 6 and f.severity.value == "info"
    assert "not computable" in f.details["source"]
    assert check_spot(m, kit)[0].severity.value == "fail"


def test_the_same_pixels_warn_without_a_stated_colour(good, kit):
    (f,) = check_colour(_rendered(good), kit)
    assert f.severity.value == "warn"


def test_pixels_far_off_still_fail_when_the_stated_colour_is_unreadable(good, kit):
    far = colour.srgb_to_lab(np.array([40, 90, 200]))
    m = replace(good, ink_lab=far, stated=_stated("PANTONE 485 C"))
    assert check_colour(m, kit)[0].severity.value == "fail"
