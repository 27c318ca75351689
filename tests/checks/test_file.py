"""File-level checks: registered like the per-logo ones, judged on plain facts."""

from __future__ import annotations

from brandcheck.checks import RULES, FileRule, LogoRule, run_checks, run_file_checks
from brandcheck.checks.file import FileFacts
from brandcheck.findings import Finding, Severity


def test_every_rule_has_a_scope_a_severity_and_texts():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.scope == ("file" if isinstance(rule, FileRule) else "logo")
        assert isinstance(rule, (FileRule, LogoRule))
        assert rule.severity in Severity
        for text in (rule.summary, rule.fix, rule.help):
            assert text and "\n" not in text
        assert callable(rule.check)


def test_logo_missing_says_why_and_fails(kit):
    facts = FileFacts(logos=0, not_found="12 inliers, need 20", candidates=list("abcdefg"))
    (f,) = run_file_checks(facts, [], kit)
    assert (f.code, f.severity) == ("logo-missing", Severity.FAIL)
    assert "12 inliers, need 20" in f.message
    assert f.details["candidates"] == list("abcde")


def test_no_file_finding_for_a_plain_file_with_a_logo(kit):
    mine = [Finding("rotated", Severity.FAIL, "turned", logo=0)]
    assert run_file_checks(FileFacts(logos=1), mine, kit) == mine


def test_load_notes_come_first_and_the_photo_note_before_them(make, kit):
    logo = [f.with_logo(0) for f in run_checks(make(angle_deg=5.0), kit)]
    facts = FileFacts(logos=1, notes=("EXIF orientation 6 applied",), camera="Acme Phone 7")
    out = run_file_checks(facts, logo, kit)
    assert [f.code for f in out[:2]] == ["photo", "load"]
    assert out[1].message == "EXIF orientation 6 applied"
    assert [f.code for f in out[2:]] == [f.code for f in logo]


def test_slogans_only_when_read(kit):
    assert run_file_checks(FileFacts(logos=1), [], kit) == []
    (f,) = run_file_checks(FileFacts(logos=1, slogans=True, lines=None), [], kit)
    assert (f.code, f.severity) == ("slogan-text", Severity.INFO)  # no OCR engine: says so


def test_only_runs_the_chosen_file_checks(kit):
    facts = FileFacts(logos=0, not_found="nothing", notes=("a note",))
    assert [f.code for f in run_file_checks(facts, [], kit, only={"load"})] == ["load"]
