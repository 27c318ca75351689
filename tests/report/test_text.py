"""The text report: what it shows by default, with -v, where, in which unit, and the tally."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from brandcheck import colour
from brandcheck.findings import Finding, Severity
from brandcheck.report.text import BRIEFS, brief, footer, render, short_fix, tally, where
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


def test_the_photograph_note_is_in_the_status_line_other_info_only_when_verbose():
    r = FileResult(path="p.jpg", status="pass", findings=[
        Finding("photo", Severity.INFO, "read as a photograph", measured="exif",
                unit="recognised_by"),
        Finding("lockup-absent", Severity.INFO, "no usage-example text", logo=0)])  # fmt: skip
    quiet, loud = render(r), render(r, verbose=True)
    assert quiet == "p.jpg: PASS (photo, EXIF; 0 logos, 0 fail, 0 warn)"
    assert "info photo: read as a photograph" in loud and "lockup-absent" in loud


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


@pytest.mark.parametrize(("turn", "word"), [(50, "hue too orange"), (-70, "another hue")])
def test_colour_words_say_another_hue_beyond_two_steps(turn, word):
    """A blue logo is not "too pink": past two steps of the name table it is another hue."""
    want = np.array([44.63, 62.10, 43.31])
    got = _turned(want, turn)
    _, dl, dc, dh = colour.delta_e00_components(got, want)
    hue, at = (float(np.degrees(np.arctan2(v[2], v[1]))) for v in (want, got))
    words = colour.describe_difference(
        float(dl), float(dc), float(dh), expected_hue_deg=hue, measured_hue_deg=at
    )
    assert words == word


def test_colour_words_for_lightness_and_chroma_and_none_below_a_jnd():
    assert colour.describe_difference(-3, -2, 0.5, expected_hue_deg=35) == "too dark, too dull"
    assert colour.describe_difference(3, 2, 0, expected_hue_deg=35) == "too light, too saturated"
    assert colour.describe_difference(0.5, -0.5, 0.9, expected_hue_deg=35) == ""
    assert colour.hue_name(350) == colour.hue_name(5) == "pink"
    assert colour.hue_name(250) == "blue"


def _fail(unit, measured, expected, message="the check's long message", **kw):
    return Finding("x", Severity.FAIL, message, measured=measured, expected=expected,
                   unit=unit, region=QUAD, logo=0, **kw)  # fmt: skip


@pytest.mark.parametrize(("finding", "said"), [
    (_fail("angle_deg", 12.0, 0.0, "logo rotated +12.0° counter-clockwise (tolerance ±1°)"),
     "turned 12.0° counter-clockwise (tolerance ±1°)"),
    (_fail("angle_deg", -4.2, 0.0, "no tolerance said"), "turned 4.2° clockwise"),
    (_fail("angle_deg", -179.97, 0.0, "no tolerance said"), "turned 180.0° upside down"),
    (_fail("aspect_ratio", 0.9, 1.0, "... (tolerance ±3%)"), "too wide: aspect 0.900 (tolerance ±3%)"),
    (_fail("contrast_ratio", 1.86, 3.0), "contrast 1.86:1 < 3:1"),
    (_fail("width_mm", 20.04, 25.0), "20.0 mm wide < 25 mm"),
    (_fail("effective_width_px", 81.4, 120.0), "~81 px of detail < 120 px"),
    (_fail("share_added", 0.0605, 0.04), "marks added: 6.1% of the ink > 4%"),
    (_fail("share_of_zone", 0.01049, 0.0, details={"object": 0, "objects": 11}),
     "object 1 of 11: 1% of the zone"),
    (_fail("delta_e00", 19.76, 3.5, details={"words": "hue too pink"}),
     "ΔE00 19.8 > 3.5: hue too pink"),
    (_fail("text", "2019年全国质里月", "2019年全国质量月"), "reads '2019年全国质里月', not '2019年全国质量月'"),
    (_fail("font_name", "Arial", ["Source Han Sans", "FZ"]), "set in 'Arial', not Source Han Sans / FZ"),
    (_fail("logo_heights", {"gap": 0.1, "centre_offset": 0.8, "height": 0.5},
           {"gap": 0.3, "centre_offset": 0.0, "height": 0.55}),
     "text gap, offset, height 0.10, 0.80, 0.50 logo heights (usage example 0.30, 0.00, 0.55)"),
])  # fmt: skip
def test_a_default_line_says_measured_against_expected_in_few_words(finding, said):
    assert brief(finding) == said
    line = render(FileResult(path="p.jpg", status="fail", findings=[finding]))
    assert f"fail x: {said} at x 100-400, y 200-300 px" in line
    # the message stays whole where it is asked for
    assert finding.message in render(FileResult(path="p.jpg", status="fail", findings=[finding]),
                                     verbose=True)  # fmt: skip


def test_a_finding_without_a_short_form_keeps_its_message():
    assert brief(_fail("some_new_unit", 1.0, 2.0, "as the check says")) == "as the check says"
    assert brief(_fail("angle_deg", None, 0.0, "not measured")) == "not measured"
    assert set(BRIEFS) >= {"delta_e00", "angle_deg", "width_px", "share_of_zone"}


def test_the_short_fix_drops_asides_and_names_the_colour_values():
    f = _fail("aspect_ratio", 1.3, 1.0, fix="scale the logo proportionally (lock aspect ratio)")
    assert short_fix(f) == "scale the logo proportionally"
    f = _fail("share_added", 0.06, 0.04, fix="remove outlines; place the artwork as supplied")
    assert short_fix(f) == "remove outlines"
    f = _fail("delta_e00", 19.8, 3.5, fix="set the logo in C11 M99 Y100 K0 (PANTONE 5216 C); ...",
              details={"expected_cmyk": [11, 99, 100, 0], "expected_srgb": [200, 38, 38]})  # fmt: skip
    assert short_fix(f) == "set C11 M99 Y100 K0 / #C82626"
    loud = render(FileResult(path="p.jpg", status="fail", findings=[f]), verbose=True)
    assert loud.endswith(f"-> {f.fix}")
    # a fix quoting a text is kept whole, whatever its quote holds
    f = _fail("text", "a", "b (c); d", fix="set the text exactly as 'b (c); d'")
    assert short_fix(f) == f.fix


ROOT = Path(__file__).resolve().parents[2]


def test_the_samples_as_a_new_user_sees_them():
    """Issue 16's target, as the README's quick start runs it: one line per file, one per
    fail or warn finding, a tally; no line over 160 characters (paths as typed there)."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.jpg"))
    files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.tif"))
    out = subprocess.run(
        [sys.executable, "-m", "brandcheck", "check", "--no-text", *files],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout.splitlines()  # fmt: skip
    assert len(files) == 15 and out[-1].startswith("15 files: ")
    status = [ln for ln in out if re.match(r"^\S+: (PASS|WARN|FAIL|ERROR) ", ln)]
    assert [ln.split(": ")[0] for ln in status] == files
    findings = [ln for ln in out[:-1] if ln not in status]
    # every other line is one fail or warn finding of a file, or the count of a logo's
    # clear-space objects past the first five
    assert all(re.match(r"^\S+: (fail|warn) [a-z-]+(?: \[logo \d+\])?: ", ln) for ln in findings)

    def counts(f):
        more = re.search(r" clear-space(?: \[logo \d+\])?: (\d+) more objects? in the zone", f)
        return int(more[1]) if more else 1

    for ln in status:  # as many as its status line counts ("1 logo, 5 fail, 0 warn")
        path, counted = ln.split(": ")[0], re.search(r"(\d+) fail, (\d+) warn\)$", ln)
        n = int(counted[1]) + int(counted[2]) if counted else 0
        assert sum(counts(f) for f in findings if f.split(": ")[0] == path) == n, ln
    assert len(out) == len(files) + len(findings) + 1
    assert max(map(len, out)) <= 160, max(out, key=len)


def _objects(n, logo=0, sev=Severity.FAIL):
    return [
        Finding("clear-space", sev, f"an object {i}", measured=0.01, expected=0.0,
                unit="share_of_zone", region=QUAD, logo=logo,
                details={"object": i, "objects": n})
        for i in range(n)
    ]  # fmt: skip


def test_a_logo_s_clear_space_objects_past_five_are_one_line_unless_verbose():
    from brandcheck.report.text import OBJECTS_LISTED

    logos = [LogoResult(QUAD, 0.9, measurements=GOOD)] * 2
    findings = [*_objects(9, 0), *_objects(3, 1), _colour(Severity.WARN, 4.0)]
    r = FileResult(path="p.jpg", status="fail", size=(1000, 1400), logos=logos, findings=findings)
    lines = render(r).splitlines()
    objs = [ln for ln in lines if "clear-space [logo 1]: object" in ln]
    assert len(objs) == OBJECTS_LISTED == 5
    assert "p.jpg: fail clear-space [logo 1]: 4 more objects in the zone" in render(r)
    # the count follows the logo's last listed object; a logo under the limit lists all
    more = next(i for i, ln in enumerate(lines) if "4 more objects" in ln)
    assert "object 5 of 9" in lines[more - 1]
    assert sum("clear-space [logo 2]: object" in ln for ln in lines) == 3
    assert "more object" not in "\n".join(ln for ln in lines if "[logo 2]" in ln)
    loud = render(r, verbose=True)
    assert sum("an object" in ln for ln in loud.splitlines()) == 12 and "more object" not in loud


def test_the_hook_folds_clear_space_objects_too(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from brandcheck import cli

    r = FileResult(path="p.jpg", status="fail", size=(1000, 1400),
                   logos=[LogoResult(QUAD, 0.9, measurements=GOOD)], findings=_objects(7))  # fmt: skip
    monkeypatch.setattr(cli, "_checked", lambda files, job, limits: iter([[cli._Page(r)]]))
    out = CliRunner().invoke(cli.cli, ["hook", "--no-text", "p.jpg"]).output
    assert out.count("p.jpg: clear-space: an object") == 5
    assert "p.jpg: clear-space: 2 more objects in the zone, smaller" in out and "(logo 1)" in out


def test_a_photographed_logo_s_size_is_in_the_status_line():
    def size(measured, unit, paper=None):
        return Finding("too-small", Severity.INFO, "logo size on the page: ...", logo=0,
                       measured=measured, unit=unit, details={"paper": paper})  # fmt: skip

    photo = Finding("photo", Severity.INFO, "read as a photograph", measured="exif")
    logos = [LogoResult(QUAD, 0.9, measurements=GOOD)]
    for f, said in [(size(0.0812, "share_of_page_width"), "8.1% of page width"),
                    (size(123.4, "width_mm", "A3"), "123 mm wide on A3"),
                    (size(None, None), "size not measured")]:  # fmt: skip
        r = FileResult(path="p.jpg", status="pass", logos=logos, findings=[photo, f])
        assert render(r).startswith(f"p.jpg: PASS (photo, EXIF; 1 logo, {said}; OK")
