"""Counts per poster, not only per finding: two findings on one poster are one poster."""

from __future__ import annotations

import json

from brandcheck.audit import AuditRun, summary
from brandcheck.findings import Finding, Severity
from brandcheck.report import jsonout
from brandcheck.report.tally import by_folder, folders, location, tally
from brandcheck.result import ErrorInfo, FileResult


def fr(path, status, *codes, error=None):
    sev = {"fail": Severity.FAIL, "warn": Severity.WARN}.get(status, Severity.INFO)
    return FileResult(
        path=path,
        status=status,
        error=ErrorInfo(error, "why") if error else None,
        findings=[Finding(c, sev, c) for c in codes]
        + [Finding("colour", Severity.INFO, "within tolerance")],
    )


RESULTS = [
    fr("/p/hangzhou/a.jpg", "fail", "distorted", "distorted"),  # two logos, one poster
    fr("/p/hangzhou/b.jpg", "fail", "distorted", "rotated"),
    fr("/p/hangzhou/c.jpg", "pass"),
    fr("/p/beijing/d.heic", "error", error="unsupported"),
    fr("/p/beijing/e.jpg", "warn", "colour"),
]


def test_codes_count_posters_and_findings():
    t = tally(RESULTS)
    assert t.posters == 5
    assert t.by_code["distorted"] == (2, 3)
    assert t.by_code["rotated"] == (1, 1)
    assert t.by_code["unsupported"] == (1, 1)
    assert t.by_code["colour"] == (1, 1)  # the warn; info findings are not counted
    assert next(iter(t.by_code)) == "distorted"  # most posters first
    assert t.by_status == {"fail": 2, "pass": 1, "error": 1, "warn": 1}


def test_folders_are_regions():
    assert folders([r.path for r in RESULTS])["/p/beijing/e.jpg"] == "beijing"
    assert folders(["/x/only/a.jpg", "/x/only/b.jpg"]) == dict.fromkeys(
        ["/x/only/a.jpg", "/x/only/b.jpg"], "only"
    )
    assert folders(["/x/a/1/p.jpg", "/x/b/q.jpg"]) == {"/x/a/1/p.jpg": "a/1", "/x/b/q.jpg": "b"}
    assert folders(["/x/a/p.jpg", "/x/q.jpg"]) == {"/x/a/p.jpg": "a", "/x/q.jpg": "x"}
    g = by_folder(RESULTS)
    assert list(g) == ["beijing", "hangzhou"]
    assert g["hangzhou"].posters == 3 and round(g["hangzhou"].fail_rate, 3) == 0.667


def test_summary_and_json_say_posters():
    run = AuditRun(results=RESULTS, skipped=["/p/beijing/notes.txt"], files=5, analysed=5)
    text = summary(run)
    assert "distorted 2 poster(s) (3 findings)" in text
    assert "hangzhou" in text and "67%" in text
    assert "SKIP  /p/beijing/notes.txt: not a poster format (.txt)" in text
    doc = json.loads(jsonout.dumps(RESULTS, skipped=[("/p/beijing/notes.txt", "why")]))
    assert doc["schema"] == 1
    assert doc["summary"]["by_code"]["distorted"] == {"posters": 2, "findings": 3}
    assert doc["summary"]["by_folder"]["beijing"]["by_status"]["error"] == 1
    assert doc["skipped"] == [{"path": "/p/beijing/notes.txt", "reason": "why"}]


def test_location_reads_as_pixels():
    assert location([[320.4, 164], [682, 170], [680, 374], [318, 370]]) == "x 318-682, y 164-374"
    assert location(None) == ""


def test_photographs_are_counted_apart_from_digital_files():
    from brandcheck.report.tally import by_kind, photo_of

    note = Finding("photo", Severity.INFO, "read as a photograph", measured="image")
    photo = FileResult(path="/p/x/ph.jpg", status="fail", findings=[note, *RESULTS[0].findings])
    assert photo_of(photo) == "image" and photo_of(RESULTS[0]) is None
    kinds = by_kind([*RESULTS, photo])
    assert list(kinds) == ["digital", "photo"]
    assert kinds["photo"].posters == 1 and kinds["photo"].by_status == {"fail": 1}
    assert kinds["digital"].posters == len(RESULTS)


def test_the_json_summary_counts_photographs_apart():
    note = Finding("photo", Severity.INFO, "read as a photograph", measured="exif")
    photo = FileResult(path="/p/x/ph.jpg", status="fail", findings=[note, *RESULTS[0].findings])
    kinds = jsonout.summary([*RESULTS, photo])["by_kind"]
    assert kinds["photo"]["posters"] == 1 and kinds["photo"]["by_status"]["fail"] == 1
    assert kinds["digital"]["posters"] == len(RESULTS)
