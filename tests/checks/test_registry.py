"""The rule registry: one place for every finding code, and everything derived from it.

The README's code table, ``brandcheck rules``, the SARIF rules and ``--select`` all read
:data:`brandcheck.checks.RULES`; a toy rule registered here shows that a new code is one
function plus one registry entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandcheck import checks
from brandcheck.checks import LogoRule, register_rule
from brandcheck.checks._common import region
from brandcheck.cli import cli, main
from brandcheck.findings import Finding, Severity

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "rotated.jpg"


def readme_codes() -> list[str]:
    """The first column of the table under README's "### Findings" heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### Findings\n", 1)[1].split("\n#", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("|")]
    assert rows[0].startswith("| code |") and set(rows[1]) <= set("|-: ")
    return [re.fullmatch(r"\| `([a-z-]+)` \|.*", ln).group(1) for ln in rows[2:]]


def test_readme_lists_exactly_the_registered_codes():
    listed = readme_codes()
    assert len(listed) == len(set(listed)), "a code is listed twice"
    assert set(listed) == set(checks.RULES)


def test_the_generators_inject_only_registered_codes():
    tuned = pytest.importorskip("posterlab.tuned")
    independent = pytest.importorskip("posterlab.independent")
    # the independent generator's codes are read from its table of injectors: every one
    # of them must be registered (one that is not would drop out of CODES unseen)
    assert set(tuned.CODES) | set(independent.VIOLATIONS) <= set(checks.RULES)
    assert set(independent.CODES) == set(independent.VIOLATIONS)


def test_codes_and_checks_are_read_from_the_registry():
    assert checks.CODES == tuple(checks.RULES)
    assert set(checks.CHECKS) == {c for c, r in checks.RULES.items() if r.scope == "logo"}


def test_a_code_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        register_rule(checks.RULES["colour"])


# -- a new code: one function and one registry entry ------------------------------------


def check_toy(m, kit):
    """The toy rule: warn for every logo (a stand-in for a real concern)."""
    return [Finding("toy", Severity.WARN, "every logo is a toy", region=region(m))]


@pytest.fixture()
def toy(monkeypatch):
    monkeypatch.setattr(checks, "RULES", dict(checks.RULES))  # registered for this test only
    return register_rule(
        LogoRule("toy", Severity.WARN, "a toy rule", "nothing", "Fires on every logo.", check_toy)
    )


def test_a_toy_rule_is_listed_by_brandcheck_rules(toy):
    out = CliRunner().invoke(cli, ["rules"]).output
    assert re.search(r"^toy +logo +warn +a toy rule$", out, re.MULTILINE)
    doc = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).output)
    assert doc[-1] == {
        "code": "toy",
        "scope": "logo",
        "severity": "warn",
        "summary": "a toy rule",
        "fix": "nothing",
        "help": "Fires on every logo.",
    }


def test_a_toy_rule_runs_is_selected_and_is_a_sarif_rule(toy, tmp_path):
    out = tmp_path / "toy.sarif"
    code = main(["check", str(SAMPLE), "--no-text", "--select", "toy", "--format", "sarif"])
    assert code == 0  # only the toy's warn is kept: rotated's fail is not selected
    code = main(
        [
            "check",
            str(SAMPLE),
            "--no-text",
            "--select=toy,rotated",
            "--format=sarif",
            "-o",
            str(out),
        ]
    )
    assert code == 1
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "toy")
    assert rule["shortDescription"]["text"] == "a toy rule"
    assert rule["fullDescription"]["text"] == "Fires on every logo."
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert sorted(r["ruleId"] for r in run["results"]) == ["rotated", "toy"]


def test_without_the_entry_the_code_is_a_usage_error():
    r = CliRunner().invoke(cli, ["check", str(SAMPLE), "--select", "toy"])
    assert r.exit_code == 2
    assert "unknown finding code toy" in r.output and "brandcheck rules" in r.output
