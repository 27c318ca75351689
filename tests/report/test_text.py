"""The text report: what it shows by default, with -v, where, in which unit, and the tally."""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck import colour
from brandcheck.findings import Finding, Severity
from brandcheck.report.text import footer, render, tally, where
from brandcheck.result import FileResult, LogoResult

QUAD = [[100.0, 200.0], [400.0, 200.0], [400.0, 300.0], [100.0, 300.0]]
GOOD = {
    "width_px": 300.0, "width_mm": None, "angle_deg": 0.2, "aspect": 1.001, "intrusion": 0.0,
    "contrast_ratio": 5.16, "missing": 0.001, "added": 0.0, "visible": 1.0,
    "effective_width_px": 290.0, "effective_ppi": None,
}  # fmt: skip


def _colour(sev=Severity.INFO, de=0.1):
    return Finding("colour", sev, f"ink colour: ΔE00 {de}", measured=de, expected=3.5,
                   region=QUAD, logo=0, details={"pipeline": colour.PIPELINE_NOTE})  # fmt: skip


def test_the_photograph_note_is_shown_other_info_only_when_verbose():
    r = FileResult(path="p.jpg", status="pass", findings=[
        Finding("photo", Severity.INFO, "read as a photograph"),
        Finding("lockup-absent", Severity.INFO, "no usage-example text", logo=0)])  # fmt: skip
    quiet, loud = render(r), render(r, verbose=True)
    assert "info photo: read as a photograph" in quiet and "lockup-absent" not in quiet
    assert "info photo" in loud and "lockup-absent" in loud


def test_info_colour_only_with_verbose_and_the_pipeline_once_in_the_footer():
    rs = [FileResult(path=f"{i}.jpg", status="pass", size=(1000, 1400), findings=[_colour()],
                     logos=[LogoResult(QUAD, 0.9, measurements=GOOD)]) for i in range(3)]  # fmt: skip
    assert all(
        "colour" not in ln.split(": ", 1)[1][:12] for r in rs for ln in render(r).splitlines()
    )
    loud = "\n".join(render(r, verbose=True) for r in rs) + "\n" + footer(rs, verbose=True)
    assert loud.count("info colour") == 3 and loud.count(colour.PIPELINE_NOTE) == 1
    assert colour.PIPELINE_NOTE not in footer(rs)


def test_fails_come_before_warnings_and_infos():
    r = FileResult(path="p.jpg", status="fail", size=(1000, 1400), findings=[
        _colour(Severity.WARN, 4.0), Finding("rotated", Severity.FAIL, "logo rotated", logo=0),
        Finding("load", Severity.INFO, "note")])  # fmt: skip
    codes = [ln.split()[2].rstrip(":") for ln in render(r, verbose=True).splitlines()[1:]]
    assert codes == ["rotated", "colour", "load"]


def test_positions_in_mm_with_a_physical_size_else_px_clipped_to_the_page():
    r_px = FileResult(path="p.jpg", status="fail", size=(1000, 1400))
    assert where([[-78, 182], [342, 182], [342, 357], [-78, 357]], r_px) == (
        " at x 0-342, y 182-357 px"
    )
    r_mm = FileResult(path="p.pdf", status="fail", size=(1240, 1754), ppi=(150.0, 150.0))
    # 150 ppi: 300 px = 50.8 mm
    assert where([[300, 150], [600, 150], [600, 450], [300, 450]], r_mm) == (
        " at x 51-102, y 25-76 mm"
    )
    line = render(FileResult(path="p.pdf", status="fail", size=(1240, 1754), ppi=(150.0, 150.0),
                             findings=[Finding("rotated", Severity.FAIL, "m", region=QUAD)]))  # fmt: skip
    assert line.endswith(" mm")


def test_a_pass_says_what_was_checked():
    r = FileResult(path="ok.jpg", status="pass", size=(1000, 1400), findings=[_colour()],
                   logos=[LogoResult(QUAD, 0.9, measurements=GOOD)])  # fmt: skip
    (head,) = render(r).splitlines()
    for word in ("size 300 px", "clear space", "contrast 5.16:1", "colour ΔE00 0.1", "pose"):
        assert word in head, word
    bad = FileResult(path="b.jpg", status="fail", size=(1000, 1400), logos=r.logos,
                     findings=[Finding("low-contrast", Severity.FAIL, "m", logo=0)])  # fmt: skip
    assert "OK:" not in render(bad)


def test_tally_counts_results_like_a_linter():
    rs = [FileResult(path="a.jpg", status="pass"), FileResult(path="b.jpg", status="fail"),
          FileResult(path="c.pdf", status="fail", page=1), FileResult(path="c.pdf", status="error", page=2)]  # fmt: skip
    assert tally(rs) == "3 files (4 pages): 1 pass, 2 fail, 1 error"
    assert tally(rs[:2]) == "2 files: 1 pass, 1 fail"


def _turned(lab, deg):
    a = np.radians(deg)
    r = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return np.array([lab[0], *(r @ lab[1:])])


@pytest.mark.parametrize(("turn", "word"), [(-20, "hue too pink"), (20, "hue too orange")])
def test_colour_words_name_the_direction_of_the_hue(turn, word):
    want = np.array([44.63, 62.10, 43.31])  # the kit's C11 M99 Y100 K0, FOGRA39
    _, dl, dc, dh = colour.delta_e00_components(_turned(want, turn), want)
    hue = float(np.degrees(np.arctan2(want[2], want[1])))
    assert colour.describe_difference(float(dl), float(dc), float(dh), expected_hue_deg=hue) == word


def test_colour_words_for_lightness_and_chroma_and_none_below_a_jnd():
    assert colour.describe_difference(-3, -2, 0.5, expected_hue_deg=35) == "too dark, too dull"
    assert colour.describe_difference(3, 2, 0, expected_hue_deg=35) == "too light, too saturated"
    assert colour.describe_difference(0.5, -0.5, 0.9, expected_hue_deg=35) == ""
    assert colour.hue_name(350) == colour.hue_name(5) == "pink"
    assert colour.hue_name(250) == "blue"
