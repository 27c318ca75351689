"""Hostile and clumsy inputs (issue 12): every one ends cleanly, nothing is misattributed or
overwritten. Plumbing tests run with ``--no-text`` (no OCR) to stay fast."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import zlib
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


# --- worker isolation ----------------------------------------------------------------------


def task_by_name(name: str) -> str:
    """A worker task that misbehaves on cue (module level: workers import it by name)."""
    if name == "abort":
        os.abort()
    if name == "segfault":
        import ctypes

        ctypes.string_at(0)
    if name == "hang":
        import time

        time.sleep(600)
    if name == "hog":
        return str(len(bytearray(3 * 1024**3)))  # over the 1 GB budget below
    if name == "raise":
        raise RuntimeError("a bug")
    return name.upper()


@pytest.mark.slow
def test_a_dying_worker_is_that_task_s_error_and_the_pool_goes_on():
    from brandcheck.workers import Budget, WorkerPool

    names = ["a", "abort", "b", "segfault", "c", "hang", "d", "hog", "e", "raise", "f"]
    pool = WorkerPool(2, budget=Budget(seconds=5, memory_mb=1024))
    out = {tag: (value, f) for tag, value, f in pool.run((n, task_by_name, (n,)) for n in names)}
    assert set(out) == set(names)
    for good in "abcdef":
        assert out[good] == (good.upper(), None)
    assert out["abort"][1].code == "worker-died" and "SIGABRT" in out["abort"][1].message
    assert out["segfault"][1].code == "worker-died" and "SIGSEGV" in out["segfault"][1].message
    assert out["hang"][1].code == "timeout"
    assert out["hog"][1].code == "too-large"
    assert out["raise"][1].code == "internal-error"
    assert not pool.workers  # all stopped


def test_jobs_are_capped_at_the_cores_with_a_note():
    from brandcheck.workers import Budget, usable_jobs

    n, note = usable_jobs(1000, Budget(memory_mb=None))
    assert n <= (os.cpu_count() or 1) and note and "capped" in note
    assert usable_jobs(1, Budget())[0] == 1


def crash_on_marked(path: str, *args):
    """check_stable, except that a file whose name holds 'CRASH' kills its worker."""
    from brandcheck.audit import check_stable

    if "CRASH" in path:
        os.abort()
    return check_stable(path, *args)


@pytest.mark.slow
def test_kill_9_of_an_audit_leaves_no_process(tmp_path):
    import signal
    import time

    for i in range(12):
        shutil.copy(SAMPLES / "compliant-print-a4-300dpi.jpg", tmp_path / f"p{i}.jpg")
    p = subprocess.Popen(
        [sys.executable, "-m", "brandcheck", "audit", str(tmp_path), "--no-cache", "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def descendants(pid: int) -> set[int]:
        kids = set()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == pid:
                    kids |= {int(d.name)} | descendants(int(d.name))
        return kids

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.stderr.readline().find(b"[1/") < 0:
            pass  # a file done: forkserver, workers and resource tracker are all running
        kids = descendants(p.pid)
        assert len(kids) >= 3, kids
        os.kill(p.pid, signal.SIGKILL)
        p.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{k}").exists() for k in kids):
            time.sleep(0.2)
        alive = [
            k
            for k in kids
            if Path(f"/proc/{k}/stat").exists()
            and (Path(f"/proc/{k}/stat").read_text().split(")")[1].split()[0] != "Z")
        ]
        assert not alive, alive
    finally:
        if p.poll() is None:
            p.kill()


def test_a_bad_dask_address_is_a_quick_usage_error():
    import time

    t0 = time.monotonic()
    p = run_cli(
        "audit", "--no-text", "--no-cache", str(SAMPLES / "rotated.jpg"), "--dask", "nonsense"
    )
    assert_clean(p, (2,))
    assert "--dask" in p.stderr.decode() and time.monotonic() - t0 < 20


# --- the cache -----------------------------------------------------------------------------


def paths_and_status(run):
    return sorted((r.path, r.status) for r in run.results)


def test_cache_results_carry_the_current_path(tmp_path):
    from brandcheck.audit import audit

    d = tmp_path / "posters"
    (d / "north").mkdir(parents=True)
    (d / "south").mkdir()
    shutil.copy(SAMPLES / "rotated.jpg", d / "north" / "a.jpg")
    first = audit([d], isolate=False, text=False, progress=False, cache_dir=tmp_path / "c")
    assert first.analysed == 1
    # renamed, and the same poster in a second region's folder
    (d / "north" / "a.jpg").rename(d / "north" / "renamed.jpg")
    shutil.copy(d / "north" / "renamed.jpg", d / "south" / "copy.jpg")
    second = audit([d], isolate=False, text=False, progress=False, cache_dir=tmp_path / "c")
    assert second.cached == 2 and second.analysed == 0
    assert paths_and_status(second) == [
        (str(d / "north" / "renamed.jpg"), "fail"),
        (str(d / "south" / "copy.jpg"), "fail"),
    ]


def test_a_file_rewritten_during_its_check_is_checked_again_and_not_misfiled(tmp_path, monkeypatch):
    import brandcheck.audit as audit_mod

    d = tmp_path / "p"
    d.mkdir()
    target = d / "poster.jpg"
    shutil.copy(SAMPLES / "compliant-web.jpg", target)
    real = audit_mod.check_one
    calls = []

    def rewriting(path, *args):
        calls.append(path)
        out = real(path, *args)
        if len(calls) == 1:  # a designer saves a new version while the first check runs
            shutil.copy(SAMPLES / "rotated.jpg", target)
        return out

    monkeypatch.setattr(audit_mod, "check_one", rewriting)
    run = audit_mod.audit([d], isolate=False, text=False, progress=False, cache_dir=tmp_path / "c")
    assert len(calls) == 2 and [r.status for r in run.results] == ["fail"]  # the new content
    monkeypatch.setattr(audit_mod, "check_one", real)
    again = audit_mod.audit(
        [d], isolate=False, text=False, progress=False, cache_dir=tmp_path / "c"
    )
    # the first check's verdict (pass, from the old bytes) was never cached under the new bytes
    assert [r.status for r in again.results] == ["fail"]
    assert [f.code for f in again.results[0].findings if f.severity.value == "fail"] == ["rotated"]


def test_a_file_that_keeps_changing_is_reported(tmp_path, monkeypatch):
    import brandcheck.audit as audit_mod

    target = tmp_path / "poster.jpg"
    shutil.copy(SAMPLES / "compliant-web.jpg", target)
    real = audit_mod.check_one

    def always_rewriting(path, *args):
        out = real(path, *args)
        with open(target, "ab") as fh:
            fh.write(b"\0")
        return out

    monkeypatch.setattr(audit_mod, "check_one", always_rewriting)
    run = audit_mod.audit([target], isolate=False, text=False, progress=False, use_cache=False)
    assert run.results[0].error.code == "unreadable"
    assert "changed while it was being checked" in run.results[0].error.message


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not-a-folder"])
def test_a_damaged_cache_is_one_warning_and_the_audit_goes_on(tmp_path, damage):
    from brandcheck.audit import audit

    cdir = tmp_path / "c"
    good = audit(
        [SAMPLES / "rotated.jpg"], isolate=False, text=False, progress=False, cache_dir=cdir
    )
    db = cdir / "results.sqlite3"
    if damage == "garbage":
        db.write_bytes(b"this is not SQLite" * 100)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    else:
        shutil.rmtree(cdir)
        cdir.write_text("a file where the cache folder should be", encoding="utf-8")
    run = audit(
        [SAMPLES / "rotated.jpg"], isolate=False, text=False, progress=False, cache_dir=cdir
    )
    assert paths_and_status(run) == paths_and_status(good)
    assert len(run.warnings) == 1 and "cache" in run.warnings[0]


@pytest.mark.parametrize("failure", ["read-only", "locked"])
def test_a_cache_that_cannot_be_written_is_one_warning(tmp_path, monkeypatch, failure):
    import sqlite3

    import brandcheck.cache
    from brandcheck.audit import audit

    cdir = tmp_path / "c"
    brandcheck.cache.Cache(cdir).close()
    if failure == "read-only":

        def put(self, key, value):
            raise sqlite3.OperationalError("attempt to write a readonly database")

        monkeypatch.setattr(brandcheck.cache.Cache, "put", put)
        holder = None
    else:
        monkeypatch.setattr(brandcheck.cache, "BUSY_TIMEOUT_S", 0.2)
        holder = sqlite3.connect(cdir / "results.sqlite3")
        holder.execute("BEGIN EXCLUSIVE")
    try:
        files = [SAMPLES / "rotated.jpg", SAMPLES / "compliant-web.jpg"]
        run = audit(files, isolate=False, text=False, progress=False, cache_dir=cdir)
    finally:
        if holder is not None:
            holder.close()
    assert [r.status for r in run.results] == ["fail", "pass"]
    assert len(run.warnings) == 1 and "without the cache" in run.warnings[0]


@pytest.mark.slow
def test_concurrent_audits_share_one_cache(tmp_path):
    d = tmp_path / "p"
    d.mkdir()
    for name in ("rotated.jpg", "compliant-web.jpg", "logo-missing.jpg", "too-small.jpg"):
        shutil.copy(SAMPLES / name, d / name)
    env = {**os.environ, "BRANDCHECK_CACHE_DIR": str(tmp_path / "c")}
    cmd = [sys.executable, "-m", "brandcheck", "audit", "--no-text", "--jobs", "1", str(d)]
    procs = [
        subprocess.Popen(
            [*cmd, "--json", str(tmp_path / f"{i}.json")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 1 and b"Traceback" not in err and b"warning" not in err, err
    docs = [json.loads((tmp_path / f"{i}.json").read_text(encoding="utf-8")) for i in range(2)]
    strip = lambda doc: sorted((r["path"], r["status"]) for r in doc["results"])
    assert strip(docs[0]) == strip(docs[1])
    third = subprocess.run(
        [*cmd, "--json", str(tmp_path / "3.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    assert b"4 from cache" in third.stdout
    assert strip(json.loads((tmp_path / "3.json").read_text(encoding="utf-8"))) == strip(docs[0])


# --- outputs never overwrite inputs ----------------------------------------------------------


@pytest.fixture()
def inputs(tmp_path):
    d = tmp_path / "in"
    (d / "a").mkdir(parents=True)
    (d / "b").mkdir()
    shutil.copy(SAMPLES / "rotated.jpg", d / "a" / "poster.jpg")
    shutil.copy(SAMPLES / "compliant-web.jpg", d / "b" / "poster.jpg")
    return d


def snapshot(d: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("option", ["--report", "--json", "--csv", "--sarif"])
def test_an_audit_output_over_an_input_is_refused_before_the_analysis(inputs, option):
    before = snapshot(inputs)
    p = run_cli(
        "audit", "--no-text", "--no-cache", str(inputs), option, str(inputs / "a" / "poster.jpg")
    )
    assert_clean(p, (2,))
    assert "would overwrite the input" in p.stderr.decode() and b"[1/" not in p.stderr
    assert snapshot(inputs) == before


def test_unwritable_outputs_are_refused_before_the_analysis(inputs, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ["--json", str(blocker / "out.json")],
        ["--report", str(tmp_path)],
        ["--json", str(tmp_path / "o.x"), "--csv", str(tmp_path / "o.x")],
    ):
        p = run_cli("audit", "--no-text", "--no-cache", str(inputs), *args)
        assert_clean(p, (2,))
        assert b"[1/" not in p.stderr, args  # refused before the first file


def test_a_write_refused_late_names_the_path_and_is_not_an_internal_error(
    monkeypatch, capsys, tmp_path
):
    """A full disk at the end of a run is the output's problem, not a bug to report."""
    import errno

    import brandcheck.report.files

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(brandcheck.report.files.tempfile, "mkstemp", full)
    out = tmp_path / "out.json"
    args = ["check", "--no-text", "--format", "json", "--output", str(out)]
    assert main([*args, str(SAMPLES / "rotated.jpg")]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out}: {os.strerror(errno.ENOSPC)}" in err
    assert "internal error" not in err and not out.exists()


def test_annotate_never_overwrites_an_input_and_names_are_unique(inputs, tmp_path):
    a, b = inputs / "a" / "poster.jpg", inputs / "b" / "poster.jpg"
    victim = inputs / "a" / "poster.jpg.annotated.png"
    shutil.copy(SAMPLES / "compliant-web.jpg", victim)
    before = snapshot(inputs)
    p = run_cli("check", "--no-text", str(a), str(victim), "--annotate", str(inputs / "a"))
    assert_clean(p, (2,))
    assert "would overwrite the input" in p.stderr.decode() and snapshot(inputs) == before
    out = tmp_path / "ann"
    p = run_cli("check", "--no-text", str(a), str(b), "--annotate", str(out))
    assert_clean(p, (1,))
    assert len(list(out.iterdir())) == 2  # same base name, two PNGs
    assert snapshot(inputs) == before


# --- an audit with every hostile file among good ones ----------------------------------------


def hostile_corpus(d: Path) -> dict[str, str]:
    """Good posters and hostile files in one folder tree; returns name -> expected status."""
    (d / "sub").mkdir(parents=True)
    want = {}
    for name, status in (
        ("rotated.jpg", "fail"),
        ("compliant-web.jpg", "pass"),
        ("logo-missing.jpg", "fail"),
    ):
        shutil.copy(SAMPLES / name, d / name)
        want[name] = status
    shutil.copy(SAMPLES / "compliant-web.jpg", d / "sub" / BAD_NAME)  # non-UTF-8 name
    want[BAD_NAME] = "pass"
    shutil.copy(SAMPLES / "rotated.jpg", d / "sub" / "=HYPERLINK(1).jpg")
    want["=HYPERLINK(1).jpg"] = "fail"
    for w, h in ((1, 1), (5000, 3), (3, 5000)):
        _ok, buf = cv2.imencode(".png", np.full((h, w, 3), 255, np.uint8))
        (d / f"d{w}x{h}.png").write_bytes(buf.tobytes())
        want[f"d{w}x{h}.png"] = "fail"
    (d / "truncated.jpg").write_bytes((SAMPLES / "rotated.jpg").read_bytes()[:5000])
    want["truncated.jpg"] = "error"
    (d / "empty.png").write_bytes(b"")
    want["empty.png"] = "error"
    ihdr = b"IHDR" + (100_000).to_bytes(4, "big") * 2 + b"\x08\x02\0\0\0"  # 10 Gpx declared
    chunks = b"".join(
        len(c[4:]).to_bytes(4, "big") + c + zlib.crc32(c).to_bytes(4, "big")
        for c in (ihdr, b"IDAT", b"IEND")
    )
    (d / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)
    want["bomb.png"] = "error"
    (d / "fake.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    want["fake.pdf"] = "error"
    os.mkfifo(d / "fifo.jpg")
    (d / "zero.jpg").symlink_to("/dev/zero")
    return want


@pytest.mark.slow
def test_an_audit_among_hostile_files_writes_every_output_with_the_right_results(
    tmp_path, monkeypatch
):
    import brandcheck.audit as audit_mod

    d = tmp_path / "posters"
    want = hostile_corpus(d)
    shutil.copy(SAMPLES / "rotated.jpg", d / "CRASH.jpg")  # its worker dies (SIGABRT)
    want["CRASH.jpg"] = "error"
    monkeypatch.setattr(audit_mod, "check_stable", crash_on_marked)
    out = tmp_path / "out"
    before = snapshot(d)
    code = main(
        [
            "audit",
            "--no-text",
            "--jobs",
            "2",
            str(d),
            "--json",
            str(out / "a.json"),
            "--csv",
            str(out / "a.csv"),
            "--sarif",
            str(out / "a.sarif"),
            "--report",
            str(out / "a.html"),
        ]
    )
    assert code == 2  # errors among the files
    doc = json.loads((out / "a.json").read_bytes().decode("utf-8"))
    got = {os.path.basename(r["path"]): r for r in doc["results"]}
    assert {k: v["status"] for k, v in got.items()} == want
    assert got["CRASH.jpg"]["error"]["code"] == "worker-died"
    assert got["bomb.png"]["error"]["code"] == "too-large"
    fails = lambda r: sorted(f["code"] for f in r["findings"] if f["severity"] == "fail")
    assert fails(got["rotated.jpg"]) == ["rotated"] and fails(got["=HYPERLINK(1).jpg"]) == [
        "rotated"
    ]
    assert os.fsencode(got[BAD_NAME]["path"]) == os.fsencode(str(d / "sub" / BAD_NAME))
    skipped = " ".join(s["path"] if isinstance(s, dict) else str(s) for s in doc.get("skipped", []))
    assert "fifo.jpg" in skipped and "zero.jpg" in skipped
    rows = list(csv.reader(io.StringIO((out / "a.csv").read_text(encoding="utf-8"))))
    assert all(not c.startswith(("=", "+", "-", "@")) for row in rows for c in row)
    json.loads((out / "a.sarif").read_text(encoding="utf-8"))
    assert (out / "a.html").read_text(encoding="utf-8").count("HYPERLINK") >= 1
    assert snapshot(d) == before  # inputs untouched


# --- kit fuzzing (tools/fuzz.py --kits runs more cases) --------------------------------------


def toml_value(v) -> str:
    """TOML for the values a mutated kit holds (no TOML writer is a dependency)."""
    import math

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def toml_document(doc: dict) -> str:
    lines = []
    for name, table in doc.items():
        if isinstance(table, dict):
            lines.append(f"[{name}]")
            lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in table.items()]
        else:
            lines.insert(0, f"{json.dumps(name)} = {toml_value(table)}")
    return "\n".join(lines) + "\n"


HOSTILE_PATHS = [
    "../outside.png",
    "/etc/passwd",
    "logo.svg",
    "fonts",
    "nope.png",
    "",
    "a\0b",
    "./logo.png",
    "fonts/../logo.png",
    "lockup.png",
    "brand.toml",
    "FOGRA39L.ti3",
]


def kit_mutant(data, base: dict) -> dict:
    """``base`` with one to four mutations drawn by hypothesis (a ``st.data()`` object)."""
    import copy

    from hypothesis import strategies as st

    doc = copy.deepcopy(base)
    value = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**15), 10**15),
        st.booleans(),
        st.text(max_size=12),
        st.sampled_from(HOSTILE_PATHS),
        st.lists(st.floats(allow_nan=True) | st.integers(-10, 10**6), max_size=6),
        st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    )
    for _ in range(data.draw(st.integers(1, 4))):
        table = data.draw(st.sampled_from(sorted(doc)))
        op = data.draw(st.sampled_from(["set", "set", "set", "drop-key", "drop-table", "retype"]))
        if op == "drop-table":
            del doc[table]
        elif op == "retype":
            doc[table] = data.draw(value)
        elif isinstance(doc[table], dict) and doc[table]:
            key = data.draw(st.sampled_from(sorted(doc[table])))
            if op == "drop-key":
                del doc[table][key]
            else:
                doc[table][key] = data.draw(value)
        if not doc:
            break
    return doc


def check_kit_mutant(kit_dir: Path, text: str) -> None:
    """A mutated kit loads and shows, or is one BrandKitError; nothing else, no bug."""
    import contextlib

    from brandcheck.brand import load_brand
    from brandcheck.errors import BrandKitError

    (kit_dir / "brand.toml").write_text(text, encoding="utf-8")
    load_brand.cache_clear()
    try:
        load_brand(kit_dir)
    except BrandKitError:
        pass
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["brand", "show", "--brand", str(kit_dir)])
    assert code in (0, 2) and "internal error" not in err.getvalue(), err.getvalue()


def test_mutated_kits_load_or_are_one_kit_error(tmp_path):
    import tomllib

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    kit_dir = tmp_path / "kit"
    shutil.copytree(KIT, kit_dir)
    base = tomllib.loads((KIT / "brand.toml").read_text(encoding="utf-8"))

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def prop(data):
        check_kit_mutant(kit_dir, toml_document(kit_mutant(data, base)))

    prop()


def pdf_bombs(d: Path) -> list[Path]:
    """A form XObject drawn 50 times per level, six levels deep; 100 MB of path operators."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Stream

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    prev = Stream(pdf, b"0 0 1 rg 0 0 10 10 re f")
    for level in range(7):
        if level:
            prev_form = prev
            prev = Stream(pdf, b"q 0.9 0 0 0.9 1 1 cm /F Do Q\n" * 50)
            prev.Resources = Dictionary(XObject=Dictionary(F=prev_form))
        prev.Type, prev.Subtype, prev.BBox = Name.XObject, Name.Form, Array([0, 0, 595, 842])
    pdf.pages[0].Resources = Dictionary(XObject=Dictionary(F=prev))
    pdf.pages[0].Contents = pdf.make_stream(b"/F Do")
    pdf.save(d / "formbomb.pdf")
    flood = pikepdf.new()
    flood.add_blank_page(page_size=(595, 842))
    flood.pages[0].Contents = flood.make_stream(b"0 0 m 1 1 l S\n" * (100_000_000 // 14))
    flood.save(d / "flood.pdf", compress_streams=True)
    return [d / "formbomb.pdf", d / "flood.pdf"]


@pytest.mark.slow
def test_a_pdf_structure_bomb_among_good_files_is_that_file_s_error(tmp_path):
    """A form XObject drawn 50 times per level, six levels deep (the issue's 23 GB bomb)."""
    pytest.importorskip("pikepdf")
    pytest.importorskip("pypdfium2")
    d = tmp_path / "p"
    d.mkdir()
    pdf_bombs(d)
    (d / "flood.pdf").unlink()  # the form bomb alone: the flood takes longer to build
    for name in ("rotated.jpg", "compliant-web.jpg"):
        shutil.copy(SAMPLES / name, d / name)
    out = tmp_path / "a.json"
    p = run_cli("audit", "--no-text", "--no-cache", "--timeout", "8", str(d), "--json", str(out))
    assert_clean(p, (2,))
    got = {Path(r["path"]).name: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}
    assert got["rotated.jpg"]["status"] == "fail" and got["compliant-web.jpg"]["status"] == "pass"
    bomb = [r for n, r in got.items() if n == "formbomb.pdf"]
    assert bomb and all(r["status"] == "error" for r in bomb)
    # the PDF reader's own budget (too-complex) may stop it first; the worker's otherwise
    assert {r["error"]["code"] for r in bomb} <= {
        "timeout",
        "too-complex",
        "too-large",
        "worker-died",
    }


@pytest.mark.parametrize("command", ["audit", "check", "hook", "serve"])
def test_the_cli_budget_defaults_are_the_workers(command):
    from brandcheck.cli import cli
    from brandcheck.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

    defaults = {p.name: p.default for p in cli.commands[command].params}
    assert defaults["timeout"] == DEFAULT_SECONDS and defaults["max_memory"] == DEFAULT_MEMORY_MB


# --- check and hook: a budget per file, in a worker forked from the command ----------------

#: The CLI in a fresh process whose per-file check misbehaves on cue, by the file's name:
#: ABORT as pdfium does under a memory cap, HANG, HOG (4 GB). The replacement is made before
#: main() runs, so the forked worker inherits it (as it inherits the real one).
MISBEHAVING = """
import os, sys, time
import brandcheck.cli as cli
real = cli._check_path
def misbehaving(path):
    name = os.path.basename(path)
    if name.startswith("ABORT"):
        os.abort()
    if name.startswith("HANG"):
        time.sleep(600)
    if name.startswith("HOG"):
        return len(bytearray(4 * 1024**3))
    return real(path)
cli._check_path = misbehaving
sys.exit(cli.main(sys.argv[1:]))
"""


def run_misbehaving(*args: str) -> subprocess.CompletedProcess[bytes]:
    p = subprocess.run(
        [sys.executable, "-c", MISBEHAVING, *args],
        cwd=ROOT,
        capture_output=True,
        check=False,
        timeout=240,
    )
    assert_clean(p, (2,))
    return p


@pytest.fixture()
def misbehaving_files(tmp_path):
    for name in ("ABORT.jpg", "HANG.jpg", "HOG.jpg"):
        shutil.copy(SAMPLES / "rotated.jpg", tmp_path / name)
    return tmp_path


@pytest.mark.slow
def test_check_goes_on_past_a_file_that_kills_hangs_or_floods_its_worker(misbehaving_files):
    d = misbehaving_files
    files = [SAMPLES / "compliant-web.jpg", d / "ABORT.jpg", SAMPLES / "rotated.jpg"]
    files += [d / "HANG.jpg", d / "HOG.jpg", SAMPLES / "compliant-web.jpg"]
    p = run_misbehaving(
        "check", "--no-text", "--timeout", "5", "--max-memory", "1024", "--format", "json",
        *map(str, files),
    )  # fmt: skip
    got = json.loads(p.stdout)["results"]
    assert [r["path"] for r in got] == [str(f) for f in files]  # every file, in order
    assert [r["status"] for r in got] == ["pass", "error", "fail", "error", "error", "pass"]
    assert [f["code"] for f in got[2]["findings"] if f["severity"] == "fail"] == ["rotated"]
    assert got[1]["error"]["code"] == "worker-died" and "SIGABRT" in got[1]["error"]["message"]
    assert got[3]["error"]["code"] == "timeout" and "5 s" in got[3]["error"]["message"]
    assert got[4]["error"]["code"] == "too-large"


def test_hook_prints_the_other_files_past_a_worker_that_died(misbehaving_files):
    abort = misbehaving_files / "ABORT.jpg"
    p = run_misbehaving("hook", "--no-text", str(abort), str(SAMPLES / "rotated.jpg"))
    lines = p.stdout.decode().splitlines()
    assert lines[0].startswith(f"{abort}: worker-died: ") and "SIGABRT" in lines[0]
    assert len(lines) == 2 and lines[1].startswith(f"{SAMPLES / 'rotated.jpg'}: rotated: ")


def test_main_in_a_process_that_ran_opencv_checks_in_process_under_the_time_budget(
    tmp_path, monkeypatch, capsys
):
    """A test or program calling main() may have run OpenCV's thread pool, which a forked
    worker would inherit broken: there the files are checked here, and a file over the
    time budget is stopped by SIGALRM and is a ``timeout`` error."""
    import time

    import brandcheck.cli as cli_mod
    from brandcheck.workers import can_fork

    assert "cv2" in sys.modules and not can_fork(False)
    hang = tmp_path / "HANG.jpg"
    shutil.copy(SAMPLES / "rotated.jpg", hang)
    real, seen = cli_mod._check_path, []

    def slow(path):
        seen.append(os.path.basename(path))  # in this process: a forked worker's would be lost
        if path == str(hang):
            while True:  # a Python loop: the alarm stops it
                time.sleep(0.01)
        return real(path)

    monkeypatch.setattr(cli_mod, "_check_path", slow)
    good, bad = SAMPLES / "compliant-web.jpg", SAMPLES / "rotated.jpg"
    argv = ["check", "--no-text", "--timeout", "1", "--format", "json"]
    t0 = time.monotonic()
    assert main([*argv, str(good), str(hang), str(bad)]) == 2
    assert time.monotonic() - t0 < 60 and seen == ["compliant-web.jpg", "HANG.jpg", "rotated.jpg"]
    got = json.loads(capsys.readouterr().out)["results"]
    assert [r["status"] for r in got] == ["pass", "error", "fail"]
    assert got[1]["error"]["code"] == "timeout"


def test_sarif_locations_are_relative_to_the_folder_it_ran_in(tmp_path, monkeypatch):
    from brandcheck.report.sarif import artifact_location

    monkeypatch.chdir(tmp_path)
    inside = artifact_location(str(tmp_path / "north" / "a b.jpg"))
    assert inside == {"uri": "north/a%20b.jpg", "uriBaseId": "SRCROOT"}
    assert artifact_location("/elsewhere/x.jpg") == {"uri": "file:///elsewhere/x.jpg"}
    doc = json.loads(sarif.dumps([FileResult(path="x.jpg", status="pass")]))
    assert doc["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///")


def test_out_of_memory_is_too_large_whichever_library_runs_out(tmp_path):
    """Under a memory budget an allocation fails in Pillow, numpy or OpenCV (cv2.error
    StsNoMem): each is the file's ``too-large``, never ``unreadable`` or internal-error."""
    import cv2 as _cv2

    from brandcheck.api import out_of_memory

    err = _cv2.error()
    err.code = -4
    assert out_of_memory(err) and out_of_memory(MemoryError()) and not out_of_memory(ValueError())
    big = tmp_path / "big.png"
    _ok, buf = cv2.imencode(".png", np.full((10_000, 10_000, 3), 255, np.uint8))
    big.write_bytes(buf.tobytes())
    script = (
        "import resource, sys\n"
        "import numpy, cv2, PIL.Image\n"
        "from brandcheck.api import check_file\n"
        "vm = int([l for l in open('/proc/self/status') if l.startswith('VmSize')][0].split()[1])\n"
        "resource.setrlimit(resource.RLIMIT_AS, ((vm + 150_000) * 1024, resource.RLIM_INFINITY))\n"
        "r = check_file(sys.argv[1], text=False)\n"
        "print(r.error.code if r.error else r.status)\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", script, str(big)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.decode().strip() == "too-large"


def test_a_report_inside_an_audited_folder_is_warned_about(inputs):
    p = run_cli(
        "audit",
        "--no-text",
        "--no-cache",
        str(inputs / "a"),
        "--report",
        str(inputs / "a" / "report.html"),
    )
    assert_clean(p, (1,))
    assert b"would check them as posters" in p.stderr


def test_ctrl_c_stops_the_workers_and_writes_what_was_done(tmp_path):
    import signal
    import time

    d = tmp_path / "p"
    d.mkdir()
    for i in range(16):
        shutil.copy(SAMPLES / "compliant-print-a4-300dpi.jpg", d / f"p{i:02d}.jpg")
    out = tmp_path / "a.json"
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "brandcheck",
            "audit",
            "--no-text",
            "--no-cache",
            "--jobs",
            "2",
            str(d),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and b"[1/" not in p.stderr.readline():
        pass
    os.killpg(p.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends: the whole group
    _stdout, stderr = p.communicate(timeout=60)
    assert p.returncode == 130 and b"Traceback" not in stderr, stderr[-2000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["interrupted"] is True and 1 <= len(doc["results"]) < 16
    assert all(r["status"] == "pass" for r in doc["results"])

    def alive() -> list[str]:  # zombies are dead, waiting for init to reap them
        ps = subprocess.run(
            ["ps", "-o", "pid=,stat=", "-g", str(p.pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [line for line in ps.stdout.splitlines() if "Z" not in line.split()[1]]

    deadline = time.monotonic() + 10
    while alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive()


# --- PDF structure fuzzing (tools/fuzz.py --pdf-structure runs more cases) ------------------

#: Content-stream pieces a fuzzed page or form is made of; ``{x}`` is a form name drawn from
#: the stream's resources (or a missing one). Repeated, they make floods and fan-out.
PDF_PIECES = [
    b"{x} Do",
    b"q 0.5 0 0 0.5 3 3 cm {x} Do Q",
    b"q 1e308 0 0 1e308 0 0 cm {x} Do Q",
    b"q 0 0 0 0 0 0 cm {x} Do Q",
    b"0 0 1 rg 10 10 50 50 re f",
    b"0 0 m 100 100 l 50 0 20 20 10 10 c h S",
    b"0 0.6 1 0 k 0 0 30 30 re f*",
    b"/CS0 cs 0.5 scn 5 5 20 20 re f",
    b"/CS0 CS 1 0 SCN 0 0 m 9 9 l S",
    b"/CS0 cs /P0 scn 0 0 9 9 re f",
    b"q",
    b"Q",
    b"0.5 g 1 1 1 1 re B",
    b"BT /F0 12 Tf 10 10 Td (brand) Tj [(a) -20 (b)] TJ ET",
    b"BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\x7f\x80\xff EI",
    b"BI /W 99999 /H 99999 /CS /RGB /BPC 8 ID \x00 EI",
    b"/Sh0 sh",
    b"/GS0 gs",
    b"/Im0 Do",
    b"99999999999999999999 -1e400 m nan inf l S",
    b"[1 2 <41> (x) << /A 1 >>] 0 d",
    b"(unterminated",
    b"<< /Nested << /Deep [ [ [ [",
    b"%comment only",
]


def pdf_colour_space(pdf, data):
    """A colour-space resource: plain, or built on a function or a stream that may be
    broken (ISO 32000-1, 8.6 and 7.10)."""
    from hypothesis import strategies as st
    from pikepdf import Array, Dictionary, Name, Stream

    fn2 = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 0.5, 0, 0], N=1)
    fn4 = Stream(pdf, data.draw(st.sampled_from([b"{ dup 0 exch }", b"{ { { } }", b"{ pop }"])))
    fn4.FunctionType, fn4.Domain, fn4.Range = 4, [0, 1], [0, 1, 0, 1, 0, 1, 0, 1]
    fn0 = Stream(pdf, data.draw(st.binary(max_size=8)))
    fn0.FunctionType, fn0.Domain, fn0.Range = 0, [0, 1], [0, 1, 0, 1, 0, 1, 0, 1]
    fn0.Size, fn0.BitsPerSample = [data.draw(st.sampled_from([0, 2, 10**6]))], 8
    fn = data.draw(st.sampled_from([fn2, fn4, fn0, Name.Identity, 7]))
    icc = Stream(pdf, data.draw(st.binary(max_size=64)))
    icc.N = data.draw(st.sampled_from([1, 3, 4, 0, 99]))
    return data.draw(
        st.sampled_from(
            [
                Name.DeviceRGB,
                Name.DeviceCMYK,
                Name.Pattern,
                Array([Name.Separation, Name.PMS, Name.DeviceCMYK, fn]),
                Array([Name.DeviceN, Array([Name.A, Name.B]), Name.DeviceCMYK, fn]),
                Array([Name.Indexed, Name.DeviceRGB, 255, b"\x00\x01"]),
                Array([Name.ICCBased, icc]),
                Array([Name.Separation]),
                Name.NoSuchSpace,
            ]
        )
    )


def pdf_stream_data(stream, raw: bytes, data, *, damaged: bool) -> None:
    """Store ``raw`` in ``stream`` plainly or deflated, as a Flate bomb (a little data that
    inflates far past the content budget), and when ``damaged`` also broken (bad Flate),
    under an unknown filter or under a filter chain its data does not fit."""
    from hypothesis import strategies as st
    from pikepdf import Array, Name

    kinds = ["plain", "flate", "flate", "bomb"]
    how = data.draw(st.sampled_from(kinds + (["garbage", "unknown", "chain"] if damaged else [])))
    if how == "plain" and len(raw) > 2**16:
        how = "flate"  # floods stay small on disk
    if how == "plain":
        stream.write(raw)
    elif how == "flate":
        stream.write(zlib.compress(raw, 6), filter=Name.FlateDecode)
    elif how == "garbage":
        stream.write(b"\x78\x9c" + raw[:64][::-1], filter=Name.FlateDecode)
    elif how == "unknown":
        stream.write(raw, filter=Name.NoSuchFilter)
    elif how == "chain":
        stream.write(
            raw.hex().encode() + b"zz", filter=Array([Name.ASCIIHexDecode, Name.LZWDecode])
        )
    else:
        stream.write(
            flate_bomb(data.draw(st.sampled_from([2**20, 300 * 2**20]))), filter=Name.FlateDecode
        )


@functools.lru_cache(maxsize=2)
def flate_bomb(size: int) -> bytes:
    """``size`` spaces, deflated (300 MiB -> 300 KB: past the 256 MiB content budget)."""
    return zlib.compress(b" " * size, 9)


def pdf_structure(data, *, max_forms: int, max_repeat: int, damaged: bool = True) -> bytes:
    """A PDF built by hypothesis: form XObjects drawing each other in a random graph
    (cycles, self-reference, deep chains, fan-out), content of random pieces repeated up
    to ``max_repeat`` times (operator floods), streams plain, deflated or bombs, odd
    resources and page boxes; ``damaged``: also broken streams and damaged saved bytes."""
    import io

    import pikepdf
    from hypothesis import strategies as st
    from pikepdf import Array, Dictionary, Name, Stream

    pdf = pikepdf.new()
    side = st.sampled_from([0, -50, 3, 72, 200, 595, 14400, 10**9])
    for _ in range(data.draw(st.integers(1, 2))):
        pdf.add_blank_page(page_size=(200, 200))
    n = data.draw(st.integers(0, max_forms))
    forms = [Stream(pdf, b"") for _ in range(n)]
    image = Stream(pdf, data.draw(st.binary(max_size=16)))
    image.Type, image.Subtype, image.BitsPerComponent = Name.XObject, Name.Image, 8
    image.Width = image.Height = data.draw(st.sampled_from([1, 2, 65535, 10**6]))
    image.ColorSpace = Name.DeviceRGB
    chain = data.draw(st.booleans())  # a chain: form i draws form i + 1 (deep nesting)
    holders = list(forms) + list(pdf.pages)
    for k, holder in enumerate(holders):
        targets = [k + 1] if chain and k + 1 < n else []
        targets += data.draw(st.lists(st.integers(0, max(0, n - 1)), max_size=3)) if n else []
        names = {f"/X{j}": forms[t] for j, t in enumerate(targets)}
        odd = data.draw(st.sampled_from([None, 7, image, Dictionary(), "text"]))
        if odd is not None:
            names["/X9"] = odd
        resources = Dictionary(
            XObject=Dictionary(names),
            ColorSpace=Dictionary(CS0=pdf_colour_space(pdf, data)),
            ExtGState=Dictionary(GS0=Dictionary(CA=data.draw(st.sampled_from([0.5, -1, 1e9])))),
        )
        resources.XObject.Im0 = image
        pieces = []
        for _ in range(data.draw(st.integers(0, 6))):
            piece = data.draw(st.sampled_from(PDF_PIECES))
            x = data.draw(st.sampled_from([*names, "/Missing"])).encode()
            # mostly a few, sometimes dozens, one piece in 20 a flood
            roll = data.draw(st.integers(0, 19))
            repeat = max_repeat if roll == 0 else data.draw(st.integers(1, 60 if roll < 5 else 3))
            pieces.append((piece.replace(b"{x}", x) + b"\n") * repeat)
        if data.draw(st.booleans()):
            pieces.append(data.draw(st.binary(max_size=48)))
        content = b"".join(pieces)
        if k < n:  # a form XObject
            form = holder
            form.Type, form.Subtype = Name.XObject, Name.Form
            form.BBox = Array(data.draw(st.sampled_from([[0, 0, 200, 200], [0, 0, 0, 0], [5]])))
            form.Resources = resources
            pdf_stream_data(form, content, data, damaged=damaged)
        else:  # a page
            page = holder
            page.Resources = resources
            w, h = data.draw(side), data.draw(side)
            page.MediaBox = Array([0, 0, w, h])
            page.Rotate = data.draw(st.sampled_from([0, 90, 45, -270]))
            stream = Stream(pdf, b"")
            pdf_stream_data(stream, content, data, damaged=damaged)
            page.Contents = stream
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    raw = bytearray(out.getvalue())
    damage = data.draw(st.sampled_from(["none", "none", "none", "truncate", "length"]))
    damage = damage if damaged else "none"
    if damage == "truncate":
        del raw[data.draw(st.integers(0, len(raw) - 1)) :]
    elif damage == "length":
        at = raw.find(b"/Length ")
        if at >= 0:
            end = at + 8 + len(raw[at + 8 :].split(b" ", 1)[0])
            raw[at + 8 : end] = str(data.draw(st.sampled_from([0, 1, 10**12]))).encode()
    return bytes(raw)


def load_pdf_outcome(path: str) -> tuple[str, int, float, int]:
    """Load every page of ``path``: ``("loaded", pages, seconds, peak KB)`` or the
    BrandcheckError's ``(code, pages read before it, ...)``; any other exception is raised
    (a bug). The peak is this process's resident high-water mark so far."""
    import resource
    import time

    from brandcheck.errors import BrandcheckError
    from brandcheck.load import posters

    t0, pages, code = time.perf_counter(), 0, "loaded"
    try:
        for _poster in posters(path):
            pages += 1
    except BrandcheckError as exc:
        code = exc.code
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return code, pages, time.perf_counter() - t0, peak


def build_pdf_structures(d: Path, examples: int, **kw) -> list[str]:
    """``examples`` PDFs from :func:`pdf_structure` (keywords ``kw``), written into ``d``."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    made: list[str] = []

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def build(data):
        p = d / f"s{len(made):05d}.pdf"
        p.write_bytes(pdf_structure(data, **kw))
        made.append(str(p))

    build()
    return made


def load_in_a_worker(paths: list[str], budget, *, pristine: bool):
    """:func:`load_pdf_outcome` of each path in one budgeted worker, replaced when it dies:
    forked when this process never ran OpenCV or pdfium (``pristine``), else forkserver."""
    from brandcheck.workers import WorkerPool, can_fork

    how = "fork" if can_fork(pristine) else "forkserver"
    pool = WorkerPool(1, budget=budget, start_method=how)
    return pool.run((p, load_pdf_outcome, (p,)) for p in paths)


@pytest.mark.slow
def test_pdf_structures_load_or_are_one_error_with_a_stable_code(tmp_path):
    """Form graphs with cycles, deep chains and fan-out, operator floods, bomb streams, odd
    resources: each loads or is one BrandcheckError of a stable code, within the CLI's
    budget, in a worker (a hang in pdfium is a timeout there, not a stuck test). Streams
    qpdf cannot decode are left out: test_an_undecodable_stream_does_not_lift_the_budget."""
    pytest.importorskip("pikepdf")
    pytest.importorskip("pypdfium2")
    from brandcheck.errors import BrandcheckError
    from brandcheck.workers import Budget

    codes = {c.code for c in all_subclasses(BrandcheckError)} | {"loaded"}
    paths = build_pdf_structures(tmp_path, 15, max_forms=5, max_repeat=30_000, damaged=False)
    seen: dict[str, int] = {}
    for path, value, failure in load_in_a_worker(paths, Budget(), pristine=False):
        assert failure is None, (path, failure)
        assert value[0] in codes
        seen[value[0]] = seen.get(value[0], 0) + 1
    assert sum(seen.values()) == len(paths) >= 12, seen


@pytest.mark.slow
def test_an_undecodable_stream_does_not_lift_the_budget(tmp_path):
    """The issue's form bomb, plus one content stream under a filter qpdf does not know:
    it must still be refused (too-complex) before pdfium renders it. Found by
    tools/fuzz.py --pdf-structure: the walk used to give up on the page and pdfium then
    rendered it until the worker's budget stopped it."""
    pytest.importorskip("pikepdf")
    pytest.importorskip("pypdfium2")
    import pikepdf
    from pikepdf import Array, Name, Stream

    from brandcheck.workers import Budget

    bomb = pdf_bombs(tmp_path)[0]
    pdf = pikepdf.open(bomb, allow_overwriting_input=True)
    odd = Stream(pdf, b"")
    odd.write(b"0 g", filter=Name.NoSuchFilter)
    pdf.pages[0].Contents = Array([pdf.pages[0].Contents, odd])
    pdf.save(bomb, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    [(_p, value, failure)] = load_in_a_worker([str(bomb)], Budget(seconds=10), pristine=False)
    assert failure is None and value[0] == "too-complex", failure


def all_subclasses(cls):
    out = {cls}
    for sub in cls.__subclasses__():
        out |= all_subclasses(sub)
    return out
