"""Batch audits: walking, parallel = serial, the cache, bad files, every report format.

Plumbing: every audit runs without the text checks (no OCR), which are tested elsewhere."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandcheck.audit import audit, summary, walk
from brandcheck.cli import cli
from tests.conftest import SAMPLES


@pytest.fixture()
def batch(tmp_path):
    d = tmp_path / "posters"
    (d / "region-a").mkdir(parents=True)
    shutil.copy(SAMPLES / "compliant-web.jpg", d / "region-a" / "ok.jpg")
    shutil.copy(SAMPLES / "rotated.jpg", d / "region-a" / "rot.jpg")
    shutil.copy(SAMPLES / "logo-missing.jpg", d / "none.jpg")
    (d / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    (d / "notes.txt").write_text("not a poster", encoding="utf-8")
    return d


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRANDCHECK_CACHE_DIR", str(tmp_path / "cache"))


def statuses(run):
    return {Path(r.path).name: r.status for r in run.results}


def test_walk_takes_supported_files_and_counts_the_rest(batch):
    files, skipped = walk([batch])
    assert sorted(p.name for p in files) == ["broken.png", "none.jpg", "ok.jpg", "rot.jpg"]
    assert [p.name for p in skipped] == ["notes.txt"]


def test_bad_file_does_not_stop_the_batch(batch):
    run = audit([batch], jobs=1, use_cache=False, progress=False, text=False)
    assert statuses(run) == {
        "ok.jpg": "pass",
        "rot.jpg": "fail",
        "none.jpg": "fail",
        "broken.png": "error",
    }
    broken = next(r for r in run.results if r.path.endswith("broken.png"))
    assert broken.error.code == "unreadable"
    assert "1 skipped" in summary(run) and "error 1" in summary(run)
    # the file that could not be checked leads the list, even when the list is cut short
    heads = ("  ERROR", "  FAIL", "  ...")
    listed = [ln for ln in summary(run, worst=1).splitlines() if ln.startswith(heads)]
    assert listed[0].startswith("  ERROR") and listed[0].endswith("broken.png: unreadable")
    assert listed[1] == "  ... and 2 more failing or unreadable (listed in the reports)"


@pytest.mark.slow
def test_parallel_equals_serial(batch):
    one = audit([batch], jobs=1, use_cache=False, progress=False, text=False)
    two = audit([batch], jobs=2, use_cache=False, progress=False, text=False)
    strip = lambda rs: [
        (r.path, r.status, [(f.code, f.severity, f.measured) for f in r.findings]) for r in rs
    ]
    assert strip(one.results) == strip(two.results)


def test_unchanged_files_come_from_the_cache(batch, tmp_path):
    first = audit([batch], jobs=1, progress=False, text=False, cache_dir=tmp_path / "c")
    assert first.analysed == 4 and first.cached == 0
    second = audit([batch], jobs=1, progress=False, text=False, cache_dir=tmp_path / "c")
    assert second.analysed == 0 and second.cached == 4
    assert statuses(first) == statuses(second)
    # a changed file is analysed again; --no-cache analyses everything
    shutil.copy(SAMPLES / "cropped-off-edge.jpg", batch / "none.jpg")
    third = audit([batch], jobs=1, progress=False, text=False, cache_dir=tmp_path / "c")
    assert third.analysed == 1 and statuses(third)["none.jpg"] == "fail"
    assert audit([batch], jobs=1, progress=False, text=False, use_cache=False).analysed == 4


def test_cli_writes_every_report_and_keeps_inputs(batch, tmp_path):
    before = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in batch.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    r = CliRunner().invoke(
        cli,
        [
            "audit",
            str(batch),
            "--no-text",
            "--jobs",
            "1",
            "--report",
            str(out / "r.html"),
            "--json",
            str(out / "r.json"),
            "--csv",
            str(out / "r.csv"),
            "--sarif",
            str(out / "r.sarif"),
        ],
    )
    assert r.exit_code == 2, r.output  # one unreadable file
    assert "status: pass 1, warn 0, fail 2, error 1" in r.output
    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert doc["schema"] == 1 and len(doc["results"]) == 4
    rows = list(csv.DictReader(io.StringIO((out / "r.csv").read_text(encoding="utf-8"))))
    assert any(row["code"] == "rotated" and row["severity"] == "fail" for row in rows)
    sarif = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    levels = {
        (
            Path(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name,
            x["ruleId"],
            x["level"],
        )
        for x in sarif["runs"][0]["results"]
    }
    assert ("rot.jpg", "rotated", "error") in levels and (
        "broken.png",
        "unreadable",
        "error",
    ) in levels
    page = (out / "r.html").read_text(encoding="utf-8")
    data = json.loads(page.split("id=bc-data>", 1)[1].split("</script>", 1)[0])
    assert len(data["items"]) == 4 and sum(item[5] for item in data["items"]) == 3
    assert len(list((out / "r_files" / "t").glob("*.jpg"))) == 3  # thumbnails beside it
    assert "notes.txt" in page  # skipped files are named
    assert "http://" not in page and "https://" not in page and "<link" not in page
    after = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in batch.rglob("*") if p.is_file()}
    assert before == after


def test_hook_blocks_a_failing_poster(tmp_path):
    ok = CliRunner().invoke(cli, ["hook", "--no-text", str(SAMPLES / "compliant-web.jpg")])
    assert ok.exit_code == 0 and ok.output == ""
    bad = CliRunner().invoke(cli, ["hook", "--no-text", str(SAMPLES / "rotated.jpg")])
    assert bad.exit_code == 1 and "rotated.jpg: rotated: logo rotated" in bad.output


#: The start of an iPhone photo: an ISO-BMFF ``ftyp`` box of brand ``heic``.
HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def test_exports_for_spreadsheets(batch, tmp_path):
    pytest.importorskip("openpyxl")
    (batch / "region-a" / "branch.heic").write_bytes(HEIC_HEAD)
    out = tmp_path / "out"
    r = CliRunner().invoke(
        cli,
        [
            "audit",
            str(batch),
            "--jobs",
            "1",
            "--no-text",
            "--csv",
            str(out / "f.csv"),
            "--csv-files",
            str(out / "files.csv"),
            "--csv-bom",
            "--xlsx",
            str(out / "r.xlsx"),
        ],
    )
    assert r.exit_code == 2, r.output
    assert "SKIP" in r.output and "notes.txt" in r.output  # skipped files are named
    raw = (out / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # --csv-bom: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    rot = next(x for x in rows if x["code"] == "rotated")
    assert rot["logo"] == "1" and rot["folder"] == "region-a"  # logos from 1, as people read
    assert rot["fix"] and rot["where"].startswith("x ")
    files = list(csv.DictReader(io.StringIO((out / "files.csv").read_text("utf-8-sig"))))
    by_name = {x["file"]: x for x in files}
    assert by_name["rot.jpg"]["fail_codes"] == "rotated" and by_name["rot.jpg"]["fixes"]
    assert by_name["ok.jpg"]["status"] == "pass" and by_name["ok.jpg"]["fails"] == "0"
    assert by_name["broken.png"]["error"].startswith("unreadable: ")
    assert by_name["notes.txt"]["status"] == "skipped"
    assert by_name["none.jpg"]["folder"] == "posters"
    heic = by_name["branch.heic"]  # a phone photo is a row with its reason, not a silent skip
    assert heic["status"] == "error" and "HEIC" in heic["error"]
    import openpyxl

    wb = openpyxl.load_workbook(out / "r.xlsx", read_only=True)
    assert wb.sheetnames == ["summary", "posters", "region-a", "findings"]
    region = [[c.value for c in row] for row in wb["region-a"].iter_rows()]
    assert region[0][:4] == ["folder", "file", "page", "status"]
    assert sorted(x[1] for x in region[1:]) == ["branch.heic", "ok.jpg", "rot.jpg"]
    summary_rows = [[c.value for c in row] for row in wb["summary"].iter_rows()]
    assert summary_rows[2][:2] == ["region-a", 3]


def test_csv_without_bom_by_default(batch, tmp_path):
    r = CliRunner().invoke(
        cli, ["audit", str(batch), "-j", "1", "--no-text", "--csv", str(tmp_path / "f.csv")]
    )
    assert r.exit_code == 2
    assert (tmp_path / "f.csv").read_bytes().startswith(b"path,")


def test_report_images_wait_on_disk_not_in_memory(batch, tmp_path):
    # 10,000 posters' images are about 1.6 GB: the run keeps files, not base64 strings
    for _ in range(2):  # analysed, then from the cache
        run = audit([batch], jobs=1, progress=False, thumbnails=True, cache_dir=tmp_path / "c")
        assert len(run.thumbnails) == 3 and len(run.views) == 3  # broken.png has none
        for img in (*run.thumbnails.values(), *run.views.values()):
            assert isinstance(img, Path) and img.read_bytes()[:3] == b"\xff\xd8\xff"
    assert run.cached == 4


def test_xlsx_without_openpyxl_names_the_extra(batch, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    r = CliRunner().invoke(cli, ["audit", str(batch), "--xlsx", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 2 and "brandcheck[xlsx]" in r.output
    assert not (tmp_path / "r.xlsx").exists()


def test_photographs_are_counted_and_listed_after_the_digital_files():
    """A photograph's fails (maybe the camera's) never crowd a digital file's out."""
    from brandcheck.audit import AuditRun
    from brandcheck.findings import Finding, Severity
    from brandcheck.result import FileResult

    def result(path, photo, fails):
        fs = [Finding("rotated", Severity.FAIL, "x") for _ in range(fails)]
        if photo:
            fs.append(Finding("photo", Severity.INFO, "read as a photograph"))
        return FileResult(path=path, status="fail", findings=fs)

    run = AuditRun(results=[result("shot.jpg", True, 3), result("art.png", False, 1)])
    text = summary(run)
    assert "photographs: 1 (fail 1, warn 0, pass 0)" in text
    assert text.index("art.png") < text.index("shot.jpg [photo]")


def test_the_stated_paper_is_part_of_the_cache_key(tmp_path):
    """A photograph audited for A4 and then for A3 is analysed again: its sizes in mm
    differ, so a cached A4 result must not answer for A3."""
    shutil.copy(SAMPLES / "phone-photo-wall.jpg", tmp_path / "wall.jpg")

    def width_mm(paper):
        run = audit([tmp_path], text=False, isolate=False, progress=False, paper=paper)
        return run, run.results[0].logos[0].measurements["paper_width_mm"]

    run, a4 = width_mm("a4")
    assert run.analysed == 1 and a4 is not None
    run, a3 = width_mm("A3")
    assert run.analysed == 1 and a3 == pytest.approx(a4 * 297 / 210, rel=0.01)
    run, again = width_mm("A4")
    assert run.cached == 1 and again == a4  # "a4" and "A4" are one key


def _open_and_put(folder: str, barrier, queue) -> None:
    from brandcheck.cache import Cache

    barrier.wait()
    try:
        c = Cache(Path(folder))
        c.put("k", 1)
        c.close()
        queue.put("ok")
    except (sqlite3.Error, OSError) as exc:  # the test reports what went wrong
        queue.put(repr(exc))


def test_audits_opening_a_new_cache_at_once_all_get_it(tmp_path):
    """Six processes open the same new cache at one instant, ten times over: SQLite answers
    some "database is locked" at once (the journal-mode change does not wait), so without
    the retry about one open in fifteen failed and that audit ran without its cache."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    answers = []
    for trial in range(10):
        barrier, queue = ctx.Barrier(6), ctx.Queue()
        procs = [
            ctx.Process(target=_open_and_put, args=(str(tmp_path / str(trial)), barrier, queue))
            for _ in range(6)
        ]
        for p in procs:
            p.start()
        answers += [queue.get(timeout=60) for _ in procs]
        for p in procs:
            p.join()
    assert answers == ["ok"] * 60, [a for a in answers if a != "ok"][:3]
