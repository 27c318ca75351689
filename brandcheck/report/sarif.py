"""SARIF 2.1.0 for code-scanning views: one rule per finding code, one result per finding."""

from __future__ import annotations

import json
import os
from typing import Any

from brandcheck.report.names import json_safe, uri
from brandcheck.result import FileResult

_LEVEL = {"fail": "error", "warn": "warning", "info": "note"}
#: The base of relative artifact URIs: the folder the command ran in (as code-scanning
#: views expect: paths relative to the repository's root).
SRCROOT = "SRCROOT"


def artifact_location(path: str) -> dict[str, str]:
    """A percent-encoded URI for ``path``: relative to :data:`SRCROOT` when the path lies
    under the current folder, else an absolute ``file://`` URI."""
    rel = path
    if os.path.isabs(path):
        candidate = os.path.relpath(path, os.getcwd())
        if not candidate.startswith(os.pardir):
            rel = candidate
    if os.path.isabs(rel):
        return {"uri": uri(rel)}
    return {"uri": uri(rel), "uriBaseId": SRCROOT}


#: A file's error codes: the loader's, the audit's worker pool's (``timeout``,
#: ``worker-died``: see :mod:`brandcheck.workers`) and a bug's.
ERROR_CODES = (
    "unreadable",
    "unsupported",
    "too-large",
    "encrypted",
    "too-complex",
    "timeout",
    "worker-died",
    "internal-error",
)
#: What the error codes that are not exception classes mean (the loader's are documented by
#: their classes in :mod:`brandcheck.errors`).
ERROR_TEXTS = {
    "timeout": "The file was not checked within the audit's time budget per file (--timeout).",
    "worker-died": "The worker process checking the file died: a decoder or renderer crashed, "
    "or the memory budget (--max-memory) was exceeded.",
    "internal-error": "brandcheck failed on this file (a bug, not the file's fault); "
    "please report it.",
}


def _error_texts() -> dict[str, str]:
    """Each error code's meaning: the loader's exception classes' docstrings, then the rest."""
    from brandcheck.errors import ImageReadError

    classes: list[type[ImageReadError]] = [ImageReadError]
    for cls in classes:  # the list grows while walked: every subclass, breadth first
        classes.extend(cls.__subclasses__())
    texts = {c.code: " ".join((c.__doc__ or c.code).split()) for c in classes}
    return {**texts, **ERROR_TEXTS}


def _error_rules() -> list[dict[str, Any]]:
    """One rule per error a file can end in."""
    texts = _error_texts()
    return [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": texts[code]},
            "fullDescription": {"text": texts[code]},
            "defaultConfiguration": {"level": "error"},
            "properties": {"kind": "error"},
        }
        for code in ERROR_CODES
    ]


def rules() -> list[dict[str, Any]]:
    """The SARIF rules: every registered finding code, then every error code.

    Texts come from the rule registry (:data:`brandcheck.checks.RULES`): the summary is
    the short description, the help text the full one, and ``help`` adds the fix.
    """
    from brandcheck.checks import RULES

    return [
        {
            "id": r.code,
            "name": r.code,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.help},
            "help": {"text": f"{r.help} Fix: {r.fix}."},
            "defaultConfiguration": {"level": _LEVEL[r.severity.value]},
            "properties": {"kind": "finding", "scope": r.scope},
        }
        for r in RULES.values()
    ] + _error_rules()


def document(results: list[FileResult]) -> dict[str, Any]:
    """The SARIF log: one run, its rules, one result per warn or fail finding or error."""
    from brandcheck import __version__

    out = []
    for r in results:
        loc = {"physicalLocation": {"artifactLocation": artifact_location(r.path)}}
        if r.error is not None:
            out.append(
                {
                    "ruleId": r.error.code,
                    "level": "error",
                    "message": {"text": r.error.message},
                    "locations": [loc],
                }
            )
            continue
        for f in r.findings:
            if f.severity.value == "info":
                continue
            props: dict[str, Any] = {
                "measured": f.measured,
                "expected": f.expected,
                "unit": f.unit,
                "page": r.page,
                "logo": f.logo,
            }
            if f.region:
                props["region_px"] = f.region
            out.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity.value],
                    "message": {"text": f.message + (f" -> {f.fix}" if f.fix else "")},
                    "locations": [loc],
                    "properties": props,
                }
            )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "brandcheck",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/brandcheck/",
                        "rules": rules(),
                    }
                },
                "results": out,
                "originalUriBaseIds": {SRCROOT: {"uri": uri(os.getcwd()) + "/"}},
            }
        ],
    }


def dumps(results: list[FileResult]) -> str:
    """The SARIF log as text (exact names; lone surrogates as ``\\udcXX`` escapes)."""
    return json_safe(json.dumps(document(results), ensure_ascii=False, indent=2))
