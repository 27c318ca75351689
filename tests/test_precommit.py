"""The real pre-commit, in a temporary asset repository, configured as the README shows.

The hook's environment is built once for the module from this checkout (its working tree,
committed into a copy, as ``pre-commit try-repo`` does) and pinned by commit, as the README
says to pin it. It must read a PDF and the lockup text with no configuration beyond the
snippet, skip SVG (the logo's own master), honour a waiver in ``[tool.brandcheck]`` and
block on a warning under ``fail-on = "warn"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import KIT, ROOT, SAMPLES

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pre-commit") is None or shutil.which("git") is None,
        reason="pre-commit or git not installed",
    ),
    pytest.mark.slow,  # a fresh pre-commit environment: about 40-60 s a test
]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def snapshot(dst: Path) -> str:
    """This checkout's working tree (tracked and new files) as one commit in ``dst``."""
    git(dst.parent, "init", "-q", dst.name)
    files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    git(dst, "add", "-A")
    git(dst, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "snapshot")
    return git(dst, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def asset_repo(tmp_path_factory):
    from tests.pdfs import poster_pdf

    base = tmp_path_factory.mktemp("precommit")
    src = base / "brandcheck-src"
    sha = snapshot(src)
    repo = base / "assets"
    repo.mkdir()
    git(repo, "init", "-q")
    branch = git(src, "rev-parse", "--abbrev-ref", "HEAD")
    config = repo / ".pre-commit-config.yaml"
    # the README's snippet: a branch in rev, then `pre-commit autoupdate` pins its commit
    config.write_text(
        f"repos:\n  - repo: {src}\n    rev: {branch}\n    hooks:\n      - id: brandcheck\n",
        encoding="utf-8",
    )
    home = base / "pre-commit-home"
    up = subprocess.run(
        ["pre-commit", "autoupdate"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )
    assert up.returncode == 0 and f"rev: {sha}" in config.read_text(), up.stdout + up.stderr
    (repo / "pyproject.toml").write_text(
        '[tool.brandcheck]\nfail-on = "warn"\n'
        '[tool.brandcheck.per-file-ignores]\n"approved/*.jpg" = ["clear-space"]\n',
        encoding="utf-8",
    )
    shutil.copy(SAMPLES / "compliant-web.jpg", repo / "good.jpg")
    shutil.copy(SAMPLES / "distorted-stretched.jpg", repo / "bad.jpg")
    (repo / "approved").mkdir()
    shutil.copy(SAMPLES / "clear-space-crowded.jpg", repo / "approved" / "crowded.jpg")
    shutil.copy(KIT.logo.master, repo / "logo.svg")
    (repo / "spot.pdf").write_bytes(poster_pdf("spot", spot="PANTONE 485 C"))
    lockup = pytest.importorskip("tests.test_lockup")
    below = lockup.lockup_poster(lockup.OFFICIAL, below=True)
    Image.fromarray(np.asarray(below)).save(repo / "lockup-below.png")
    git(repo, "add", "-A")
    return repo, home


def run(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", "run", "--files", *files],
        check=False,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=1500,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )


def test_hook_as_documented(asset_repo):
    repo, home = asset_repo
    r = run(repo, home, "good.jpg", "bad.jpg", "spot.pdf", "logo.svg", "lockup-below.png")
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "bad.jpg: distorted: " in out and " at x " in out  # the finding's position
    assert "spot.pdf#page=1: spot-colour: " in out  # the hook's environment reads PDFs
    assert "needs pypdfium2" not in out and "pip install" not in out
    # OCR in the hook's environment, and a warning that blocks under fail-on = "warn"
    assert "lockup-below.png: lockup-layout: warning: " in out
    assert "logo.svg" not in out and "good.jpg" not in out


def test_svg_and_a_waived_poster_pass(asset_repo):
    repo, home = asset_repo
    r = run(repo, home, "good.jpg", "logo.svg", "approved/crowded.jpg")
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "Passed" in out
    # the waiver is per file: the same poster elsewhere is blocked
    shutil.copy(repo / "approved" / "crowded.jpg", repo / "crowded.jpg")
    git(repo, "add", "crowded.jpg")
    r = run(repo, home, "crowded.jpg")
    assert r.returncode == 1 and "crowded.jpg: clear-space: " in r.stdout, r.stdout + r.stderr
