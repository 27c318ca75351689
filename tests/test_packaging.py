"""The wheel holds the product: brandcheck imports no development code and no package it
does not declare as a runtime dependency (posterlab and scikit-image are development only)."""

from __future__ import annotations

import ast
import tomllib

from tests.conftest import ROOT

#: Import names of the runtime dependencies in pyproject.toml, by distribution.
IMPORT_NAMES = {
    "tqdm": "tqdm",
    "threadpoolctl": "threadpoolctl",
    "opencv-python": "cv2",
    "numpy": "numpy",
    "scipy": "scipy",
    "pillow": "PIL",
    "click": "click",
}


def imported_modules() -> dict[str, set[str]]:
    """Top-level module -> the brandcheck files that import it (at any depth of the file)."""
    out: dict[str, set[str]] = {}
    for path in sorted((ROOT / "brandcheck").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                out.setdefault(n.split(".")[0], set()).add(path.name)
    return out


def test_the_product_imports_no_development_code():
    mods = imported_modules()
    for dev in ("posterlab", "tests", "benchmarks", "tools", "skimage", "colormath2"):
        assert dev not in mods, f"brandcheck imports {dev} in {sorted(mods[dev])}"


def test_every_runtime_dependency_is_imported_by_the_product():
    """A runtime dependency nothing in brandcheck imports is weight for every user."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    names = {d.split(">")[0].split("=")[0].split("[")[0].split(";")[0].strip() for d in deps}
    assert names == set(IMPORT_NAMES), "update IMPORT_NAMES with the dependency list"
    mods = imported_modules()
    assert {n for n, m in IMPORT_NAMES.items() if m not in mods} == set()
