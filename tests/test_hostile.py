"""Hostile and clumsy inputs (issue 12): every one ends cleanly, nothing is misattributed or
overwritten. Plumbing tests run with ``--no-text`` (no OCR) to stay fast."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from brandcheck.cli import main
from brandcheck.report import csvout, jsonout, sarif
from brandcheck.report.names import csv_cell, display, json_safe, path_bytes, uri
from brandcheck.result import ErrorInfo, FileResult
from tests.conftest import ROOT, SAMPLES

#: A name no UTF-8 decoder accepts, with a newline and a formula prefix in it.
BAD_NAME = os.fsdecode(b"bad\xff\n=name.jpg")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRANDCHECK_CACHE_DIR", str(tmp_path / "cache"))


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a fresh process: a crash (signal) or a traceback shows as such."""
    return subprocess.run(
        [sys.executable, "-m", "brandcheck", *args],
        cwd=ROOT,
        capture_output=True,
        check=False,
        timeout=timeout,
    )


def assert_clean(p: subprocess.CompletedProcess[bytes], codes: tuple[int, ...] = (0, 1, 2)) -> None:
    assert p.returncode in codes, (p.returncode, p.stderr[-2000:])
    assert b"Traceback" not in p.stderr and b"Traceback" not in p.stdout


# --- names ---------------------------------------------------------------------------------


def test_display_escapes_bad_bytes_and_control_characters():
    assert display(BAD_NAME) == "bad\\xff\\n=name.jpg"
    assert display("a\x1b[31mred\u2028") == "a\\x1b[31mred\\u2028"
    assert display("海报 ok.jpg") == "海报 ok.jpg"  # readable names stay as they are


def test_json_keeps_the_exact_name_as_valid_json():
    text = json_safe(json.dumps({"path": BAD_NAME}, ensure_ascii=False))
    text.encode("utf-8")  # no lone surrogate left: encodable, valid UTF-8 JSON
    back = json.loads(text)["path"]
    assert os.fsencode(back) == b"bad\xff\n=name.jpg"
    assert path_bytes(BAD_NAME) == b"bad\xff\n=name.jpg".hex() and path_bytes("ok.jpg") is None


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(prefix):
    cell = csv_cell(prefix + 'HYPERLINK("http://x")')
    assert isinstance(cell, str) and not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_cell(-3.5) == -3.5  # numbers stay numbers


def test_sarif_uri_is_percent_encoded():
    assert uri("posters/a b#1%.jpg") == "posters/a%20b%231%25.jpg"
    assert uri(BAD_NAME) == "bad%FF%0A%3Dname.jpg"
    assert uri("/srv/海报.jpg") == "file:///srv/%E6%B5%B7%E6%8A%A5.jpg"


def test_reports_hold_a_hostile_name_safely():
    r = FileResult(
        path=BAD_NAME, status="error", error=ErrorInfo("unreadable", "=cmd|' /C calc'!A0")
    )
    doc = json.loads(jsonout.dumps([r]))
    assert os.fsencode(doc["results"][0]["path"]) == os.fsencode(BAD_NAME)
    rows = list(csv.reader(io.StringIO(csvout.dumps([r]))))
    assert len(rows) == 2  # the newline in the name does not split the row
    assert all(not c.startswith(("=", "+", "-", "@")) for c in rows[1])
    s = json.loads(sarif.dumps([r]))
    assert s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ] == uri(BAD_NAME)


@pytest.fixture()
def bad_named(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    p = d / BAD_NAME
    shutil.copy(SAMPLES / "rotated.jpg", p)
    return p


def test_check_json_and_annotate_with_a_non_utf8_name(bad_named, tmp_path):
    p = run_cli(
        "check",
        "--no-text",
        "--format",
        "json",
        str(bad_named),
        "--annotate",
        str(tmp_path / "ann"),
    )
    assert_clean(p, (1,))
    doc = json.loads(p.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
    assert os.fsencode(doc["results"][0]["path"]) == os.fsencode(str(bad_named))
    assert [f["code"] for f in doc["results"][0]["findings"] if f["severity"] == "fail"] == [
        "rotated"
    ]
    assert len(list((tmp_path / "ann").iterdir())) == 1


def test_hook_prints_one_line_per_finding_whatever_the_name(bad_named):
    p = run_cli("hook", "--no-text", str(bad_named))
    assert_clean(p, (1,))
    lines = p.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1 and "\\xff\\n=name.jpg: rotated:" in lines[0]


# --- odd files -----------------------------------------------------------------------------


def test_non_regular_files_are_refused_before_opening(tmp_path):
    fifo = tmp_path / "fifo.jpg"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jpg"
    zero.symlink_to("/dev/zero")
    sock_path = tmp_path / "s.png"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        p = run_cli("check", "--no-text", str(fifo), str(zero), str(sock_path), timeout=60)
    finally:
        sock.close()
    assert_clean(p, (2,))
    out = p.stdout.decode()
    assert "a FIFO" in out and "a character device" in out and "a socket" in out
    assert out.count("not a regular file") == 3


@pytest.mark.parametrize("w,h", [(1, 1), (5000, 3), (3, 5000), (2, 2), (100_000, 40)])
def test_degenerate_sizes_are_checked_cleanly(tmp_path, w, h):
    from brandcheck.api import check_file

    p = tmp_path / f"d{w}x{h}.png"
    _ok, buf = cv2.imencode(".png", np.full((h, w, 3), 255, np.uint8))
    p.write_bytes(buf.tobytes())
    r = check_file(p, text=False)
    assert r.error is None or r.error.code == "unsupported", r.error
    assert r.status == "fail" and [f.code for f in r.findings] == ["logo-missing"]
    assert "too small or too narrow" in r.findings[0].message


# --- exit codes ----------------------------------------------------------------------------


def test_an_internal_error_exits_2_in_one_line(monkeypatch, capsys):
    import brandcheck.api

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(brandcheck.api, "inspect_all", boom)
    assert main(["check", "--no-text", str(SAMPLES / "rotated.jpg")]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: simulated bug" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# --- brand kits ----------------------------------------------------------------------------

KIT = ROOT / "reference" / "quality-month-2019"


@pytest.fixture()
def kit(tmp_path):
    d = tmp_path / "kit"
    shutil.copytree(KIT, d)
    return d


def edit_spec(kit: Path, old: str, new: str) -> None:
    spec = (kit / "brand.toml").read_text(encoding="utf-8")
    assert old in spec
    (kit / "brand.toml").write_text(spec.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old,new,field",
    [
        (
            "rotation_tolerance_deg = 1.0",
            "rotation_tolerance_deg = -5.0",
            "logo.rotation_tolerance_deg",
        ),
        ("aspect_tolerance = 0.03", "aspect_tolerance = nan", "logo.aspect_tolerance"),
        ("pass_de00 = 3.5", "pass_de00 = inf", "colour.pass_de00"),
        ("render_width_px = 1600", "render_width_px = 200000", "logo.render_width_px"),
        ("min_width_mm = 25.0", 'min_width_mm = "25"', "logo.min_width_mm"),
        ("clear_space = 0.25", "clear_space = true", "logo.clear_space"),
        ("cmyk = [11, 99, 100, 0]", "cmyk = [11, 99, 100]", "colour.cmyk"),
        ("min_contrast_ratio = 3.0", "min_contrast_ratio = 0.5", "checks.min_contrast_ratio"),
        ("warn_de00 = 6.0", "warn_de00 = 2.0", "colour.warn_de00"),
        ('artwork = "logo.png"', 'artwork = "../outside.png"', "logo.artwork"),
        ('artwork = "logo.png"', 'artwork = "/etc/passwd"', "logo.artwork"),
        (
            'characterisation = "FOGRA39L.ti3"',
            'characterisation = "nope.ti3"',
            "colour.characterisation",
        ),
        ('artwork = "lockup.png"', 'artwork = "fonts"', "lockup.artwork"),
        (
            "text_box = [1841, 151, 7700, 500]",
            "text_box = [1841, 151, 1e300, 500]",
            "lockup.text_box",
        ),
    ],
)
def test_an_invalid_kit_is_one_usage_error_naming_the_field(kit, old, new, field):
    edit_spec(kit, old, new)
    for args in (["check", "--no-text", str(SAMPLES / "rotated.jpg")], ["brand", "show"]):
        p = run_cli(*args, "--brand", str(kit))
        assert_clean(p, (2,))
        err = p.stderr.decode()
        assert field in err and "rotated.jpg" not in p.stdout.decode(), err


def test_kit_files_must_exist_and_stay_inside_the_kit(kit, tmp_path):
    (kit / "logo.png").unlink()
    p = run_cli("brand", "show", "--brand", str(kit))
    assert_clean(p, (2,))
    assert "logo.artwork" in p.stderr.decode() and "missing" in p.stderr.decode()
    outside = tmp_path / "outside.png"
    shutil.copy(KIT / "logo.png", outside)
    (kit / "logo.png").symlink_to(outside)  # a symlink out of the kit
    p = run_cli("brand", "show", "--brand", str(kit))
    assert_clean(p, (2,))
    assert "outside the kit" in p.stderr.decode()


def test_artwork_over_the_pixel_limit_is_refused_from_its_header(kit):
    from PIL import Image

    Image.new("1", (13000, 13000)).save(kit / "logo.png")  # small file, 169 Mpx
    p = run_cli("brand", "show", "--brand", str(kit), timeout=30)
    assert_clean(p, (2,))
    assert "13000 × 13000" in p.stderr.decode()


def test_a_changed_kit_file_changes_the_digest(kit):
    from brandcheck.brand import load_brand

    before = load_brand(kit).digest
    with open(kit / "lockup.png", "ab") as fh:
        fh.write(b"\0")  # trailing bytes: the PNG still reads, the kit is not the same
    load_brand.cache_clear()
    assert load_brand(kit).digest != before


@pytest.mark.parametrize(
    "svg,what",
    [
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                'width="10" height="10"><image xlink:href="/etc/hostname" width="10" height="10"/></svg>'
            ),
            "/etc/hostname",
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="secret.png" '
                'width="10" height="10"/></svg>'
            ),
            "secret.png",
        ),
        (
            (
                '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "xx">]><svg xmlns="http://www.w3.org/2000/svg">'
                "<text>&x;</text></svg>"
            ),
            "DOCTYPE",
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="9" height="9" '
                'style="fill:url(file:///etc/x)"/></svg>'
            ),
            "file:///etc/x",
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="100000"><rect width="1" '
                'height="100000"/></svg>'
            ),
            "canvas",
        ),
        ("not xml at all", "well-formed"),
    ],
)
def test_build_renders_only_self_contained_masters(kit, svg, what):
    pytest.importorskip("resvg_py")
    (kit / "logo.svg").write_text(svg, encoding="utf-8")
    p = run_cli("brand", "build", "--brand", str(kit), timeout=60)
    assert_clean(p, (1, 2))
    assert p.returncode != 0 and what in p.stderr.decode()


def test_build_writes_only_inside_the_kit(kit, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    edit_spec(kit, 'artwork = "logo.png"', f'artwork = "../{victim.name}"')
    p = run_cli("brand", "build", "--brand", str(kit))
    assert_clean(p, (2,))
    assert victim.read_text(encoding="utf-8") == "keep me"
