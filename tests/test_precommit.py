"""The real pre-commit, in a temporary git repo: a non-compliant poster blocks, a good one passes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None,
    reason="pre-commit or git not installed",
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def asset_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("assets")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "designer@example.org")
    git(repo, "config", "user.name", "designer")
    shutil.copy(SAMPLES / "compliant-web.jpg", repo / "good.jpg")
    shutil.copy(SAMPLES / "distorted-stretched.jpg", repo / "bad.jpg")
    git(repo, "add", "good.jpg", "bad.jpg")
    return repo


def try_repo(repo: Path, name: str) -> subprocess.CompletedProcess[str]:
    # try-repo runs the hook as pre-commit would on commit, from this checkout's working tree
    return subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "brandcheck", "--files", name],
        check=False,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_non_compliant_poster_blocks(asset_repo):
    r = try_repo(asset_repo, "bad.jpg")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "bad.jpg: distorted" in r.stdout


def test_compliant_poster_passes(asset_repo):
    r = try_repo(asset_repo, "good.jpg")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout
