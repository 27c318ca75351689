"""The HTML report without a browser: what it writes, and hostile names held safely."""

from __future__ import annotations

import json

from brandcheck.findings import Finding, Severity
from brandcheck.report import html
from brandcheck.result import ErrorInfo, FileResult

BAD_NAME = "bad\udcff\n<script><b>=name.jpg"


def index(page: str) -> dict:
    return json.loads(page.split("id=bc-data>", 1)[1].split("</script>", 1)[0])


def test_writes_index_details_and_images_beside_it(tmp_path):
    results = [
        FileResult(
            path="/a/hz/p.jpg",
            status="fail",
            logos=[],
            findings=[
                Finding("colour", Severity.INFO, "ok"),
                Finding(
                    "rotated", Severity.FAIL, "turned", 12.0, 0.0, "angle_deg", logo=0, fix="x"
                ),
            ],
        ),
        FileResult(
            path=f"/a/bj/{BAD_NAME}", status="error", error=ErrorInfo("unsupported", "HEIC")
        ),
    ]
    thumb = b"\xff\xd8\xff fake jpeg"
    out = html.write(
        tmp_path / "r.html",
        results,
        html.ReportMeta(skipped=(("/a/notes.txt", "not a poster format (.txt)"),)),
        thumbnails={("/a/hz/p.jpg", None): thumb},
    )
    page = out.read_text(encoding="utf-8")  # valid UTF-8 whatever the names
    data = index(page)
    assert data["folders"] == ["bj", "hz"]
    assert [i[5] for i in data["items"]] == [1, 0]
    assert (tmp_path / "r_files" / "t" / "0.jpg").read_bytes() == thumb
    assert (tmp_path / "r_files" / "v" / "0.jpg").exists()  # the thumbnail stands in
    details = (tmp_path / "r_files" / "d" / "0.js").read_text(encoding="utf-8")
    recs = json.loads(details[len("bcDetail(0,") : -2])
    assert recs[0]["f"][0][:3] == ["rotated", "fail", 1]  # fails first; logo from 1
    assert recs[1]["e"] == ["unsupported", "HEIC"]
    assert "\n" not in recs[1]["p"] and "\\xff" in recs[1]["p"]
    assert "<script><b>" not in page.split("id=bc-data>", 1)[1].split("</script>", 1)[0]
    assert page.count("<b>=name") == 0 and "notes.txt" in page
    assert "Partial report" not in page


def test_photographs_are_marked_in_the_index_and_counted_apart(tmp_path):
    """Each record says how a photograph was recognised (None: digital), in words, as
    data; a table counts the two kinds apart only when there are photographs."""
    note = Finding("photo", Severity.INFO, "read as a photograph", measured="exif")
    odd = Finding("photo", Severity.INFO, "read", measured="</script><b>x")
    results = [
        FileResult(path="/a/hz/d.jpg", status="fail",
                   findings=[Finding("rotated", Severity.FAIL, "turned")]),
        FileResult(path="/a/hz/p.jpg", status="fail",
                   findings=[note, Finding("rotated", Severity.FAIL, "turned")]),
        FileResult(path="/a/hz/q.jpg", status="pass", findings=[odd]),
    ]  # fmt: skip
    page = html.write(tmp_path / "r.html", results, html.ReportMeta()).read_text(encoding="utf-8")
    assert [i[6] for i in index(page)["items"]] == [None, "EXIF", "</script><b>x"]
    assert "<b>x" not in page  # in the JSON as \u003c, never as markup
    kinds = page.split("<table class=kinds>", 1)[1].split("</table>", 1)[0]
    assert "<td>digital files</td><td class=n>1</td><td class='n fail'>1</td>" in kinds
    assert "<td>photographs</td><td class=n>2</td><td class='n fail'>1</td>" in kinds
    digital_only = html.render(results[:1], html.ReportMeta())
    assert "class=kinds" not in digital_only and "id=fk" in digital_only
