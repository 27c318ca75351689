"""Project configuration: found like ruff's, validated with clear errors, waivers per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandcheck.config import ConfigError, ProjectConfig, apply, blocks, find, merged
from brandcheck.findings import Finding, Severity
from brandcheck.result import FileResult

KNOWN = ("clear-space", "colour", "rotated", "logo-missing", "lockup-layout")


def result(path, *codes_sev):
    findings = [Finding(c, Severity(s), c) for c, s in codes_sev]
    status = "fail" if any(s == "fail" for _, s in codes_sev) else "warn" if codes_sev else "pass"
    return FileResult(path=str(path), status=status, findings=findings)


def test_found_from_a_subfolder_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "assets"\n[tool.brandcheck]\nignore = ["lockup-layout"]\n'
        'fail-on = "warn"\nbrand = "kit"\n'
        '[tool.brandcheck.per-file-ignores]\n"posters/approved/*.jpg" = ["clear-space"]\n'
        '"hero-*.jpg" = ["logo-missing"]\n',
        encoding="utf-8",
    )
    sub = tmp_path / "posters" / "approved"
    sub.mkdir(parents=True)
    cfg = find(sub, KNOWN)
    assert cfg.source == tmp_path / "pyproject.toml"
    assert cfg.fail_on == "warn" and cfg.brand == tmp_path / "kit"
    assert cfg.ignored_for(sub / "2019.jpg") == ("clear-space",)
    assert cfg.ignored_for(tmp_path / "posters" / "2019.jpg") == ()
    assert cfg.ignored_for(tmp_path / "web" / "hero-1.jpg") == ("logo-missing",)


def test_brandcheck_toml_wins_in_its_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.brandcheck]\nselect = ["colour"]\n')
    (tmp_path / ".brandcheck.toml").write_text('select = ["rotated"]\n')
    assert find(tmp_path, KNOWN).select == ("rotated",)


def test_no_config_is_the_defaults(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find(tmp_path, KNOWN) == ProjectConfig()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('ignore = ["colur"]\n', "unknown finding code(s) colur"),
        ('fail-on = "info"\n', "fail-on must be one of fail, warn"),
        ('selct = ["colour"]\n', "unknown key(s) selct"),
        ("ignore = [\n", "not valid TOML"),
        ('per-file-ignores = ["x"]\n', "per-file-ignores must be a table"),
        ('paper = "letter"\n', "paper: 'letter' is not a printed format"),
        ("paper = 3\n", "paper: '3' is not a printed format"),
    ],
)
def test_bad_config_says_what_and_where(tmp_path, text, says):
    (tmp_path / ".brandcheck.toml").write_text(text)
    with pytest.raises(ConfigError) as e:
        find(tmp_path, KNOWN)
    assert says in str(e.value) and ".brandcheck.toml" in str(e.value)


def test_waiver_and_selection_judge_the_status_again(tmp_path):
    cfg = ProjectConfig(
        source=tmp_path / ".brandcheck.toml",
        per_file_ignores=(("ok/*.jpg", ("clear-space",)),),
    )
    r = result(tmp_path / "ok" / "a.jpg", ("clear-space", "fail"), ("colour", "info"))
    waived = apply(r, cfg, KNOWN)
    assert waived.status == "pass" and [f.code for f in waived.findings] == ["colour"]
    other = result(tmp_path / "b.jpg", ("clear-space", "fail"))
    assert apply(other, cfg, KNOWN).status == "fail"
    only = merged(cfg, select=["rotated"])
    assert apply(other, only, KNOWN).status == "pass"
    assert merged(ProjectConfig(ignore=("colour",)), ignore=["rotated"]).ignore == (
        "colour",
        "rotated",
    )


def test_fail_on_warn_blocks_warnings():
    warn = result(Path("a.jpg"), ("colour", "warn"))
    assert not blocks(warn, "fail") and blocks(warn, "warn")
    assert blocks(result(Path("b.jpg"), ("rotated", "fail")), "fail")


def test_check_and_hook_read_the_project_config(tmp_path, monkeypatch, samples):
    import shutil

    from click.testing import CliRunner

    from brandcheck.cli import cli

    (tmp_path / "approved").mkdir()
    shutil.copy(samples / "rotated.jpg", tmp_path / "approved" / "rot.jpg")
    shutil.copy(samples / "rotated.jpg", tmp_path / "rot.jpg")
    (tmp_path / ".brandcheck.toml").write_text(
        '[per-file-ignores]\n"approved/*.jpg" = ["rotated"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    waived = run(cli, ["check", "--no-text", "approved/rot.jpg"])
    assert waived.exit_code == 0, waived.output
    blocked = run(cli, ["hook", "--no-text", "rot.jpg", "approved/rot.jpg"])
    assert blocked.exit_code == 1 and "rot.jpg: rotated: " in blocked.output
    assert "approved/rot.jpg" not in blocked.output
    # --select on the command line replaces the config's select, waivers still apply
    assert run(cli, ["hook", "--no-text", "--select", "colour", "rot.jpg"]).exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('fail-on = "never"\n', encoding="utf-8")
    r = run(cli, ["hook", "--no-text", "--config", str(bad), "rot.jpg"])
    assert r.exit_code == 2 and "fail-on must be one of" in r.output


def test_audit_reads_the_project_config(tmp_path, monkeypatch, samples):
    """audit applies select, ignore, per-file-ignores and brand as check and hook do."""
    import json
    import shutil

    from click.testing import CliRunner

    from brandcheck.cli import cli

    posters = tmp_path / "posters"
    (posters / "approved").mkdir(parents=True)
    shutil.copy(samples / "rotated.jpg", posters / "approved" / "rot.jpg")
    shutil.copy(samples / "rotated.jpg", posters / "rot.jpg")
    (tmp_path / ".brandcheck.toml").write_text(
        '[per-file-ignores]\n"posters/approved/*.jpg" = ["rotated"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    args = ["audit", "--no-text", "--no-cache", "--jobs", "1", "posters", "--json", "out.json"]
    r = run(cli, args)
    assert r.exit_code == 1, r.output
    status = {
        Path(d["path"]).relative_to("posters").as_posix(): d["status"]
        for d in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["results"]
    }
    assert status == {"approved/rot.jpg": "pass", "rot.jpg": "fail"}
    # --ignore adds to the config's ignore: nothing fails any more
    assert run(cli, [*args, "--ignore", "rotated"]).exit_code == 0
    # a wrong config is a usage error naming the file and the key, before any file is read
    (tmp_path / ".brandcheck.toml").write_text('ignore = ["rotatd"]\n', encoding="utf-8")
    bad = run(cli, args)
    assert bad.exit_code == 2 and ".brandcheck.toml" in bad.output and "rotatd" in bad.output
    # --config names the file; brand is taken relative to it (a missing kit: usage error)
    other = tmp_path / "other.toml"
    other.write_text('brand = "no-such-kit"\n', encoding="utf-8")
    r = run(cli, [*args, "--config", str(other)])
    assert r.exit_code == 2 and "no-such-kit" in r.output


def test_paper_is_read_and_the_command_line_replaces_it(tmp_path, monkeypatch, samples):
    """``paper`` in the configuration gives a photograph's logo in mm on that format, as
    ``--paper`` does, which replaces it."""
    import json
    import shutil

    from click.testing import CliRunner

    from brandcheck.cli import cli

    (tmp_path / ".brandcheck.toml").write_text('paper = "a4"\n', encoding="utf-8")
    assert find(tmp_path, KNOWN).paper == "A4"
    shutil.copy(samples / "phone-photo-wall.jpg", tmp_path / "wall.jpg")
    monkeypatch.chdir(tmp_path)

    def logo(*args):
        r = CliRunner().invoke(cli, ["check", "--no-text", "--format", "json", *args, "wall.jpg"])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)["results"][0]["logos"][0]["measurements"]

    a4, a2 = logo(), logo("--paper", "A2")
    assert a4["paper"] == "A4" and a2["paper"] == "A2"
    assert a2["paper_width_mm"] == pytest.approx(2 * a4["paper_width_mm"], rel=0.01)
    bad = CliRunner().invoke(cli, ["check", "--paper", "A11", "wall.jpg"])
    assert bad.exit_code == 2 and "ISO 216 A0-A10 or B0-B10" in bad.output
