"""SARIF 2.1.0 for code-scanning views: one rule per finding code, one result per finding."""

from __future__ import annotations

import json
from typing import Any

from brandcheck.report.names import json_safe, uri
from brandcheck.result import FileResult

_LEVEL = {"fail": "error", "warn": "warning", "info": "note"}


#: A file's error codes: the loader's, the audit's worker pool's (``timeout``,
#: ``worker-died``: see :mod:`brandcheck.workers`) and a bug's.
ERROR_CODES = (
    "unreadable",
    "unsupported",
    "too-large",
    "encrypted",
    "timeout",
    "worker-died",
    "internal-error",
)


def document(results: list[FileResult]) -> dict[str, Any]:
    from brandcheck import __version__
    from brandcheck.checks import codes

    rules = [
        {"id": c, "name": c, "shortDescription": {"text": f"brandcheck {c}"}}
        for c in (*codes(), *ERROR_CODES)
    ]
    out = []
    for r in results:
        loc = {"physicalLocation": {"artifactLocation": {"uri": uri(r.path)}}}
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
                        "rules": rules,
                    }
                },
                "results": out,
            }
        ],
    }


def dumps(results: list[FileResult]) -> str:
    return json_safe(json.dumps(document(results), ensure_ascii=False, indent=2))
