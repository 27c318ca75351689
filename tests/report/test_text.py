"""The text report: which info findings it shows without --verbose."""

from __future__ import annotations

from brandcheck.findings import Finding, Severity
from brandcheck.report.text import render
from brandcheck.result import FileResult


def test_the_photograph_note_is_shown_other_info_only_when_verbose():
    r = FileResult(
        path="p.jpg",
        status="pass",
        findings=[
            Finding("photo", Severity.INFO, "read as a photograph"),
            Finding("lockup-absent", Severity.INFO, "no usage-example text", logo=0),
        ],
    )
    quiet, loud = render(r), render(r, verbose=True)
    assert "info photo: read as a photograph" in quiet and "lockup-absent" not in quiet
    assert "info photo" in loud and "lockup-absent" in loud
