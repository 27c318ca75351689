"""``--format json``: one document, schema version 1 (documented in the README)."""

from __future__ import annotations

import json
from typing import Any

from brandcheck.findings import Finding
from brandcheck.report.names import json_safe, path_bytes
from brandcheck.result import SCHEMA_VERSION, FileResult, to_mm


def finding_dict(f: Finding, ppi: tuple[float, float] | None = None) -> dict[str, Any]:
    """A finding as JSON: code, severity, logo, message, measured, expected, unit, region, fix.

    ``region_mm`` (added in schema 1, optional for readers) is ``region`` in millimetres
    from the page's top-left when the result's ``ppi`` is known, else null.
    """
    return {
        "code": f.code,
        "severity": f.severity.value,
        "logo": f.logo,
        "message": f.message,
        "measured": f.measured,
        "expected": f.expected,
        "unit": f.unit,
        "region": f.region,
        "region_mm": to_mm(f.region, ppi),
        "fix": f.fix,
        "details": f.details or None,
    }


def result_dict(r: FileResult) -> dict[str, Any]:
    """One file's result as JSON (see the README for the schema).

    A name that is not UTF-8 keeps its undecodable bytes as lone surrogates in ``path``
    (written as ``\\udcXX`` escapes by :func:`dumps`) and adds ``path_bytes``, the name's
    bytes in hex, for readers that cannot hold lone surrogates.
    """
    extra = {} if (hexed := path_bytes(r.path)) is None else {"path_bytes": hexed}
    return {
        "path": r.path,
        **extra,
        "page": r.page,
        "status": r.status,
        "error": None if r.error is None else {"code": r.error.code, "message": r.error.message},
        "size": list(r.size) if r.size else None,
        "brand": r.brand,
        "seconds": r.seconds,
        "logos": [
            {
                "quad": lg.quad,
                "confidence": lg.confidence,
                "zone": lg.zone,
                "measurements": lg.measurements,
            }
            for lg in r.logos
        ],
        "findings": [finding_dict(f, r.ppi) for f in r.findings],
        "ppi": list(r.ppi) if r.ppi else None,
    }


def summary(results: list[FileResult]) -> dict[str, Any]:
    """Counts per poster and per finding, overall, by folder and by kind (digital files and
    photographs of prints, counted apart: issue 13) (added to schema 1)."""
    from brandcheck.report.tally import by_folder, by_kind, tally

    return {
        **tally(results).as_dict(),
        "by_folder": {k: t.as_dict() for k, t in by_folder(results).items()},
        "by_kind": {k: t.as_dict() for k, t in by_kind(results).items()},
    }


def document(
    results: list[FileResult],
    *,
    skipped: list[tuple[str, str]] | None = None,
    interrupted: bool | None = None,
) -> dict[str, Any]:
    """The whole JSON document; an audit adds the files it skipped (with why) and whether
    it was interrupted."""
    from brandcheck import __version__

    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "brandcheck", "version": __version__},
        "results": [result_dict(r) for r in results],
        "summary": summary(results),
    }
    if skipped is not None:
        doc["skipped"] = [{"path": p, "reason": why} for p, why in skipped]
    if interrupted is not None:
        doc["interrupted"] = interrupted
    return doc


def dumps(
    results: list[FileResult],
    *,
    skipped: list[tuple[str, str]] | None = None,
    interrupted: bool | None = None,
) -> str:
    """The document as text (UTF-8, CJK kept readable)."""
    return json_safe(
        json.dumps(
            document(results, skipped=skipped, interrupted=interrupted),
            ensure_ascii=False,
            indent=2,
        )
    )


def result_from_dict(d: dict[str, Any]) -> FileResult:
    """The inverse of :func:`result_dict` (the audit cache stores results as JSON)."""
    from brandcheck.findings import Severity
    from brandcheck.result import ErrorInfo, LogoResult

    err = d.get("error")
    return FileResult(
        path=d["path"],
        status=d["status"],
        page=d.get("page"),
        brand=d.get("brand"),
        seconds=d.get("seconds"),
        size=tuple(d["size"]) if d.get("size") else None,
        ppi=tuple(d["ppi"]) if d.get("ppi") else None,
        error=ErrorInfo(err["code"], err["message"]) if err else None,
        logos=[
            LogoResult(
                quad=lg["quad"],
                confidence=lg["confidence"],
                zone=lg.get("zone") or [],
                measurements=lg.get("measurements") or {},
            )
            for lg in d.get("logos", [])
        ],
        findings=[
            Finding(
                code=f["code"],
                severity=Severity(f["severity"]),
                message=f["message"],
                measured=f.get("measured"),
                expected=f.get("expected"),
                unit=f.get("unit"),
                region=f.get("region"),
                logo=f.get("logo"),
                fix=f.get("fix"),
                details=f.get("details") or {},
            )
            for f in d.get("findings", [])
        ],
    )
