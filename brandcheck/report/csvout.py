"""CSV: one row per finding (files without findings get one row with their status)."""

from __future__ import annotations

import csv
import io
import json

from brandcheck.result import FileResult

COLUMNS = [
    "path",
    "page",
    "status",
    "logo",
    "code",
    "severity",
    "measured",
    "expected",
    "unit",
    "message",
]


def dumps(results: list[FileResult]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in results:
        if r.error is not None:
            w.writerow(
                [r.path, r.page, r.status, "", r.error.code, "error", "", "", "", r.error.message]
            )
            continue
        if not r.findings:
            w.writerow([r.path, r.page, r.status, "", "", "", "", "", "", ""])
        for f in r.findings:

            def cell(v: object) -> object:
                return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v

            w.writerow(
                [
                    r.path,
                    r.page,
                    r.status,
                    "" if f.logo is None else f.logo,
                    f.code,
                    f.severity.value,
                    cell(f.measured),
                    cell(f.expected),
                    f.unit or "",
                    f.message,
                ]
            )
    return buf.getvalue()
