"""Every check: a compliant logo passes it, and its violation is flagged with numbers."""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck.checks import CHECKS, CODES, run_checks
from brandcheck.findings import Severity


def codes(findings, severity=Severity.FAIL):
    return {f.code for f in findings if f.severity is severity}


def test_compliant_logo_has_no_warn_or_fail(good, kit):
    found = run_checks(good, kit)
    assert not codes(found, Severity.FAIL)
    assert not codes(found, Severity.WARN)
    # the colour check always reports its measurement, as info when it passes
    assert any(f.code == "colour" and f.severity is Severity.INFO for f in found)


def test_registry_codes_are_the_contract():
    assert set(CODES) == {
        "logo-missing",
        "colour",
        "distorted",
        "rotated",
        "too-small",
        "clear-space",
        "cropped",
        "altered",
        "low-contrast",
        "low-resolution",
        "spot-colour",
        "font",
        "lockup-text",
        "lockup-layout",
        "lockup-absent",
        "slogan-text",
        "photo",
        "load",
    }


@pytest.mark.parametrize(
    "code, changes",
    [
        ("rotated", {"angle_deg": 2.5}),
        ("rotated", {"angle_deg": -90.0}),
        ("distorted", {"aspect": 1.2}),
        ("distorted", {"aspect": 0.9}),
        ("distorted", {"shear_deg": 4.0}),
        ("too-small", {"width_px": 90.0}),
        ("too-small", {"width_mm": 20.0, "ppi": 300.0}),
        ("clear-space", {"intrusion": 0.08, "intrusion_box": [[0, 0], [1, 0], [1, 1], [0, 1]]}),
        ("cropped", {"visible": 0.7}),
        ("altered", {"missing": 0.2}),
        ("altered", {"added": 0.15}),
        ("altered", {"edge_marked": 0.6}),
        ("low-contrast", {"contrast_ratio": 1.6}),
        ("low-resolution", {"effective_width_px": 60.0}),
        (
            "low-resolution",
            {"width_mm": 80.0, "ppi": 300.0, "effective_width_px": 200.0, "effective_ppi": 63.5},
        ),
    ],
)
def test_violation_is_flagged_with_measured_and_expected(make, kit, code, changes):
    found = [f for f in CHECKS[code](make(**changes), kit) if f.severity is Severity.FAIL]
    assert found, f"{code} not flagged for {changes}"
    f = found[0]
    assert f.measured is not None and f.expected is not None and f.unit
    assert f.region and len(f.region) >= 4


@pytest.mark.parametrize(
    "code, changes",
    [
        ("rotated", {"angle_deg": 0.9}),
        ("distorted", {"aspect": 1.025}),
        ("too-small", {"width_px": 130.0}),
        ("too-small", {"width_mm": 26.0, "ppi": 300.0, "width_px": 307.0}),
        ("clear-space", {"intrusion": 0.005}),
        ("cropped", {"visible": 0.998}),
        ("altered", {"missing": 0.03, "added": 0.03, "edge_marked": 0.08}),
        ("low-contrast", {"contrast_ratio": 3.2}),
        ("low-resolution", {"width_px": 100.0, "effective_width_px": 95.0}),  # small, not upscaled
    ],
)
def test_within_tolerance_is_not_flagged(make, kit, code, changes):
    assert not codes(CHECKS[code](make(**changes), kit))


def test_colour_grades_pass_warn_fail(make, kit):
    base = np.asarray(make().ink_lab)
    sev = []
    for shift in (1.0, 5.0, 20.0):  # ΔL of 1, 5, 20 give ΔE00 ≈ 1, 5, 19 at L* 45
        lab = base + np.array([shift, 0, 0])
        (f,) = CHECKS["colour"](make(ink_lab=lab), kit)
        sev.append(f.severity)
        assert f.unit == "delta_e00" and "ΔE00" in f.message
        assert {"delta_l", "delta_c", "delta_h", "pipeline"} <= set(f.details)
    assert sev[0] is Severity.INFO
    assert sev[2] is Severity.FAIL
    assert sev[1] is Severity.WARN


def test_colour_from_cmyk_ink_values(make, kit):
    (ok,) = CHECKS["colour"](make(ink_cmyk=(11.0, 99.0, 100.0, 0.0)), kit)
    assert ok.severity is Severity.INFO and ok.measured < 0.5
    (bad,) = CHECKS["colour"](make(ink_cmyk=(0.0, 100.0, 60.0, 0.0)), kit)
    assert bad.severity is Severity.FAIL
    assert bad.details["measured_cmyk"] == [0.0, 100.0, 60.0, 0.0]


@pytest.mark.parametrize(
    "code, changes",
    [
        ("colour", {"ink_lab": None, "ink_pixels": 3}),
        ("low-contrast", {"contrast_ratio": None}),
        ("altered", {"missing": None}),
        ("low-resolution", {"effective_width_px": None}),
        ("clear-space", {"intrusion": None}),
    ],
)
def test_unmeasurable_is_said_not_passed(make, kit, code, changes):
    found = CHECKS[code](make(**changes), kit)
    assert any(f.severity is Severity.INFO and "not measured" in f.message for f in found)


def test_zone_off_canvas_warns(make, kit):
    found = CHECKS["clear-space"](make(zone_visible=0.8), kit)
    assert "clear-space" in codes(found, Severity.WARN)


def test_thresholds_come_from_the_kit(make, kit):
    from dataclasses import replace

    strict = replace(kit, logo=replace(kit.logo, rotation_tolerance_deg=0.05))
    # 2000 px wide: the angle is known to ±0.03°, finer than the strict tolerance
    assert codes(CHECKS["rotated"](make(angle_deg=0.1, width_px=2000.0), strict))
    assert not codes(CHECKS["rotated"](make(angle_deg=0.1), kit))


@pytest.mark.parametrize(
    ("angle", "words"),
    [
        (12.0, "+12.0° counter-clockwise"),
        (-4.0, "-4.0° clockwise"),
        (-180.0, "+180.0° upside down"),
    ],
)
def test_rotated_says_which_way_and_a_half_turn_has_none(make, kit, angle, words):
    (f,) = CHECKS["rotated"](make(angle_deg=angle), kit)
    assert f.message.startswith(f"logo rotated {words} (tolerance")


def test_a_tiny_logos_pose_is_not_judged_beyond_its_pixels(good, kit):
    """44 × 12 px: the aspect is known to ±10 %, the angle to ±1.3°; both say so."""
    from dataclasses import replace

    from brandcheck.checks.geometry import check_distorted, check_rotated

    tiny = replace(good, width_px=44.0, height_px=12.0, aspect=1.06, angle_deg=1.2)
    (d,) = check_distorted(tiny, kit)
    (r,) = check_rotated(tiny, kit)
    assert d.severity.value == "info" and "known to" in d.message
    assert r.severity.value == "info" and "known to" in r.message
    big = replace(good, aspect=1.06, angle_deg=1.2)
    assert check_distorted(big, kit)[0].severity.value == "fail"
    assert check_rotated(big, kit)[0].severity.value == "fail"
    # beyond tolerance + uncertainty a tiny logo's pose still fails
    far = replace(tiny, aspect=1.2, angle_deg=3.0)
    assert check_distorted(far, kit)[0].severity.value == "fail"
    assert check_rotated(far, kit)[0].severity.value == "fail"


def test_every_clear_space_object_is_a_finding(good, kit):
    """No cap: twelve objects in the zone are twelve findings, each knowing the count."""
    from dataclasses import replace

    box = [[0, 0], [4, 0], [4, 4], [0, 4]]
    objs = [
        {"region": [[x + i * 10, y] for x, y in box], "area_h2": 0.001, "share_of_zone": 0.002}
        for i in range(12)
    ]
    found = CHECKS["clear-space"](replace(good, intrusion=0.024, intrusions=objs), kit)
    assert len(found) == 12 and all(f.severity is Severity.FAIL for f in found)
    assert [f.details["object"] for f in found] == list(range(12))
    assert {f.details["objects"] for f in found} == {12}
    assert [f.region for f in found] == [o["region"] for o in objs]


def test_a_photographed_logo_s_size_is_reported_on_its_page_never_judged(good, kit):
    """In a photograph the logo's pixels say nothing of the print: however few, the size
    is one info finding, as a share of the page, or in mm on the stated paper."""
    from dataclasses import replace

    from brandcheck.paper import OnPage

    shares = OnPage(0.08, 0.05, None, None, None, None, None, "no printed format stated", True)
    (f,) = CHECKS["too-small"](replace(good, width_px=60.0, on_page=shares), kit)
    assert f.severity is Severity.INFO and f.unit == "share_of_page_width" and f.measured == 0.08
    assert "8.0% of the page's width" in f.message and "not judged" in f.message
    mm = replace(shares, paper="A4", width_mm=16.8, height_mm=14.9, why="")
    (f,) = CHECKS["too-small"](replace(good, on_page=mm), kit)
    assert (f.severity, f.unit, f.measured, f.expected) == (Severity.INFO, "width_mm", 16.8, 25.0)
    assert "17 × 15 mm on A4" in f.message and "under the kit's 25 mm minimum" in f.message
    assert f.details["paper_width_mm"] == 16.8
