"""The reporter table: check and audit take the same formats, written the same way."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from brandcheck.api import check_path
from brandcheck.checks import RULES
from brandcheck.cli import audit, check, cli, main
from brandcheck.report import REPORTERS, Report, jsonout, sarif, text
from tests.conftest import SAMPLES

FILES = [SAMPLES / "rotated.jpg", SAMPLES / "logo-missing.jpg"]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture(scope="module")
def results():
    return [r for p in FILES for r in check_path(p, text=False)]


def choices(command, name="fmt"):
    (p,) = [p for p in command.params if p.name == name]
    assert isinstance(p.type, click.Choice)
    return list(p.type.choices)


def test_check_and_audit_offer_every_format_of_the_table():
    assert choices(check) == choices(audit) == list(REPORTERS)
    assert list(REPORTERS) == ["text", "json", "csv", "sarif", "html"]


def test_text_and_json_documents_are_the_modules_own(results):
    report = Report(results, verbose=True)
    assert (
        REPORTERS["text"].dumps(report)
        == "".join(text.render(r, verbose=True) + "\n" for r in results)
        + text.footer(results, verbose=True)
        + "\n"
    )
    assert REPORTERS["json"].dumps(report) == jsonout.dumps(results)


@pytest.mark.slow
def test_stdout_and_output_file_hold_the_same_document(tmp_path):
    for fmt in ("text", "json", "csv", "sarif"):
        out = tmp_path / f"r.{fmt}"
        shown = run("check", *FILES, "--no-text", "--format", fmt)
        written = run("check", *FILES, "--no-text", "--format", fmt, "--output", out)
        assert shown.exit_code == written.exit_code == 1
        assert written.output == ""
        doc = out.read_text(encoding="utf-8")
        if fmt in ("json", "sarif"):  # times differ from run to run
            doc, shown_doc = json.loads(doc), json.loads(shown.output)
            for d in (doc, shown_doc):
                for r in d.get("results", []):
                    r.pop("seconds", None)
            assert doc == shown_doc
        else:
            assert doc == shown.output


def test_csv_has_a_row_per_finding():
    r = run("check", *FILES, "--no-text", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {(Path(x["path"]).name, x["code"]) for x in rows} >= {
        ("rotated.jpg", "rotated"),
        ("logo-missing.jpg", "logo-missing"),
    }


def test_html_needs_a_file_and_writes_the_triage_page(tmp_path):
    r = run("check", FILES[0], "--no-text", "--format", "html")
    assert r.exit_code == 2 and "--output" in r.output
    page = tmp_path / "check.html"
    assert main(["check", str(FILES[0]), "--no-text", "--format=html", f"--output={page}"]) == 1
    assert "<!doctype html>" in page.read_text(encoding="utf-8")
    assert list((tmp_path / "check_files" / "t").glob("*.jpg"))  # the annotated thumbnail


def test_sarif_rules_carry_the_registry_texts(results):
    driver = sarif.document(results)["runs"][0]["tool"]["driver"]
    by_id = {r["id"]: r for r in driver["rules"]}
    level = {"fail": "error", "warn": "warning", "info": "note"}
    for code, rule in RULES.items():
        got = by_id[code]
        assert got["shortDescription"]["text"] == rule.summary
        assert got["fullDescription"]["text"] == rule.help
        assert rule.fix in got["help"]["text"]
        assert got["defaultConfiguration"]["level"] == level[rule.severity.value]
    for code in sarif.ERROR_CODES:
        assert by_id[code]["shortDescription"]["text"]
        assert by_id[code]["defaultConfiguration"]["level"] == "error"
    assert not any("brandcheck " + r["id"] == r["shortDescription"]["text"] for r in by_id.values())


def test_audit_takes_the_same_formats_and_keeps_its_flags(tmp_path):
    args = [*FILES, "--no-text", "--no-cache", "-j", "1"]
    r = CliRunner().invoke(
        cli,
        list(map(str, ["audit", *args, "--format", "csv", "--json", tmp_path / "a.json"])),
    )
    assert r.exit_code == 1
    # the document alone on stdout (the summary went to stderr), the flag's file beside it
    assert r.stdout.startswith("path,page,status")
    assert "result(s) from" in r.stderr and "result(s) from" not in r.stdout
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["schema"] == 1
    assert run("audit", *args, "--output", tmp_path / "x.txt").exit_code == 2  # needs --format


def test_selection_applies_to_every_command(tmp_path):
    assert run("check", FILES[0], "--no-text", "--ignore", "rotated").exit_code == 0
    hook = run("hook", FILES[0], "--no-text", "--select", "colour,rotated")
    assert hook.exit_code == 1 and ": rotated: " in hook.output
    assert run("hook", FILES[0], "--no-text", "--ignore", "rotated").exit_code == 0
    r = run("audit", FILES[1], "--no-text", "--no-cache", "-j", "1", "--ignore", "logo-missing")
    assert r.exit_code == 0 and "pass 1" in r.output
    bad = run("audit", FILES[1], "--select", "colour,bogus")
    assert bad.exit_code == 2 and "bogus" in bad.output
