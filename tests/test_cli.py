"""The CLI: exit codes, text, the JSON schema, annotations, brand kits; via CliRunner and main()."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandcheck.cli import cli, main
from tests.conftest import KIT, SAMPLES

GOOD = SAMPLES / "compliant-web.jpg"
BAD = SAMPLES / "rotated.jpg"


def run(*args):
    """``brandcheck`` in-process; ``check`` runs without the text checks (no OCR): these
    tests are about the CLI's plumbing, the lockup and slogans have their own."""
    argv = list(map(str, args))
    if argv[:1] == ["check"]:
        argv.insert(1, "--no-text")
    return CliRunner().invoke(cli, argv)


def test_exit_codes_accumulate(tmp_path):
    assert run("check", GOOD).exit_code == 0
    assert run("check", GOOD, BAD).exit_code == 1
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really")
    r = run("check", BAD, broken, GOOD)
    assert r.exit_code == 2
    # every file was still checked and reported
    assert "rotated.jpg: FAIL" in r.output and "compliant-web.jpg: PASS" in r.output
    assert "broken.jpg: ERROR unreadable" in r.output
    assert "Traceback" not in r.output


def test_text_line_says_what_where_and_how_to_fix():
    out = run("check", BAD).output
    line = next(ln for ln in out.splitlines() if " rotated" in ln and "fail" in ln)
    assert "12.0° counter-clockwise" in line and "tolerance ±1°" in line and " at x " in line
    assert line.endswith("-> set the logo upright")


def test_text_closes_with_a_tally_and_gives_the_colour_pipeline_once_with_v():
    from brandcheck.colour import PIPELINE_NOTE

    quiet = run("check", GOOD, BAD).output.splitlines()
    assert quiet[-1] == "2 files: 1 pass, 1 fail"
    assert not any("info colour" in ln or PIPELINE_NOTE in ln for ln in quiet)
    loud = run("check", "-v", GOOD, BAD).output
    assert loud.count("info colour") == 2 and loud.count(PIPELINE_NOTE) == 1


def test_json_document_follows_schema_1():
    r = run("check", GOOD, BAD, "--format", "json")
    doc = json.loads(r.output)
    assert doc["schema"] == 1
    res = {Path(x["path"]).name: x for x in doc["results"]}
    bad = res["rotated.jpg"]
    assert bad["status"] == "fail" and bad["error"] is None
    (logo,) = bad["logos"]
    assert len(logo["quad"]) == 4 and all(len(p) == 2 for p in logo["quad"])
    assert 0 < logo["confidence"] <= 1
    f = next(f for f in bad["findings"] if f["code"] == "rotated")
    assert {"code", "severity", "logo", "message", "measured", "expected"} <= set(f)
    assert f["logo"] == 0 and f["severity"] == "fail" and abs(f["measured"] - 12) < 0.5
    miss = json.loads(run("check", SAMPLES / "logo-missing.jpg", "--format", "json").output)
    (m,) = miss["results"][0]["findings"]
    assert m["code"] == "logo-missing" and m["logo"] is None and "not found" in m["message"]


def test_unreadable_file_in_json(tmp_path):
    p = tmp_path / "empty.png"
    p.write_bytes(b"")
    doc = json.loads(run("check", p, "--format", "json").output)
    r = doc["results"][0]
    assert r["status"] == "error" and r["error"]["code"] == "unreadable" and r["logos"] == []


def test_annotate_writes_one_png_per_input(tmp_path):
    out = tmp_path / "ann"
    assert run("check", GOOD, BAD, "--annotate", out).exit_code == 1
    pngs = sorted(p.name for p in out.iterdir())
    assert pngs == ["compliant-web.jpg.annotated.png", "rotated.jpg.annotated.png"]
    from PIL import Image

    with Image.open(out / pngs[1]) as im:
        assert im.size[0] > 100


def test_inputs_are_never_modified(tmp_path):
    p = tmp_path / BAD.name
    shutil.copy(BAD, p)
    before = (p.read_bytes(), os.stat(p).st_mtime_ns)
    run("check", p, "--annotate", tmp_path / "ann", "--format", "json")
    assert (p.read_bytes(), os.stat(p).st_mtime_ns) == before


def test_any_kit_drops_in(tmp_path):
    """A copy of the kit with other numbers changes the verdict: nothing is hard-coded."""
    kit = tmp_path / "kit"
    shutil.copytree(KIT.root, kit)
    spec = (kit / "brand.toml").read_text(encoding="utf-8")
    (kit / "brand.toml").write_text(
        spec.replace("rotation_tolerance_deg = 1.0", "rotation_tolerance_deg = 15.0"),
        encoding="utf-8",
    )
    assert run("check", BAD).exit_code == 1
    assert run("check", BAD, "--brand", kit).exit_code == 0


def test_bad_brand_kit_is_a_usage_error(tmp_path):
    (tmp_path / "brand.toml").write_text("[brand]\nid = 3\n", encoding="utf-8")
    r = run("check", GOOD, "--brand", tmp_path)
    assert r.exit_code == 2 and "brand" in r.output.lower()


def test_brand_show_states_the_colour_pipeline():
    out = run("brand", "show").output
    assert "PANTONE 5216 C" in out and "Lab(D50) 44.6" in out and "sRGB (200, 3" in out
    assert "measured against: the CMYK build" in out and "ΔE00" in out
    assert "推动高质量发展 享受高品质生活" in out


def test_main_returns_exit_codes(capsys):
    assert main(["check", "--no-text", str(GOOD)]) == 0
    assert main(["check", "--no-text", str(BAD)]) == 1
    assert main(["check"]) == 2  # usage error: no files
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


@pytest.mark.slow
def test_brand_build_renders_the_masters(tmp_path):
    pytest.importorskip("resvg_py")
    kit = tmp_path / "kit"
    shutil.copytree(KIT.root, kit)
    (kit / "logo.png").unlink()
    assert run("brand", "build", "--brand", kit).exit_code == 0
    from PIL import Image

    with (
        Image.open(kit / "logo.png") as a,
        Image.open(KIT.logo.artwork) as b,
    ):
        assert a.mode == "RGBA" and a.size == b.size
