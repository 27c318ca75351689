"""The audit report for triage: one HTML file and a folder of images and details beside it.

The HTML holds the header, the counts (by status, code and folder), and one compact JSON
index of every poster, rendered by a small vanilla-JS virtualised grid
(``static/report.js``), so 10,000 posters open as fast as 100. Thumbnails, full-size
annotated images and each poster's findings (measured, expected, fix) are files in
``<report>_files/``, loaded when seen or clicked: a script tag per chunk of details works
from ``file://``, where ``fetch`` does not. Nothing is fetched from a network.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brandcheck.report.files import write_atomic
from brandcheck.report.names import display
from brandcheck.report.tally import STATUSES, by_folder, by_kind, folders, location, photo_of, tally
from brandcheck.report.text import RECOGNISED
from brandcheck.result import FileResult

#: Posters per details file: a click loads one file of about this many records.
CHUNK = 200
_SEV = ("fail", "warn", "info", "error")

Key = tuple[str, int | None]


@dataclass(frozen=True)
class ReportMeta:
    """What the header says: when, what was audited, with which kit, and how it went."""

    date: str = ""
    paths: tuple[str, ...] = ()
    kit: str = ""
    version: str = ""
    interrupted: bool = False
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why it was not checked)
    files: int = 0
    cached: int = 0
    analysed: int = 0
    seconds: float = 0.0
    title: str = "brandcheck audit"


def assets_dir(report: Path) -> Path:
    """The folder beside ``report`` that holds its images and details."""
    return report.with_name(report.stem + "_files")


def _static(name: str) -> str:
    return (resources.files("brandcheck.report") / "static" / name).read_text(encoding="utf-8")


def _finding_rows(r: FileResult) -> list[list[Any]]:
    """Findings as rows: code, severity, logo (from 1), message, measured, expected, unit, fix, where."""
    return [
        [
            f.code,
            f.severity.value,
            None if f.logo is None else f.logo + 1,
            display(f.message),
            f.measured,
            f.expected,
            f.unit,
            f.fix,
            location(f.region),
        ]
        for f in sorted(r.findings, key=lambda f: _SEV.index(f.severity.value))  # fails first
    ]


def _detail(r: FileResult) -> dict[str, Any]:
    return {
        "p": display(r.path),
        "s": list(r.size) if r.size else None,
        "e": None if r.error is None else [r.error.code, display(r.error.message)],
        "l": len(r.logos),
        "f": _finding_rows(r),
    }


def _recognised(r: FileResult) -> str | None:
    """How a photograph was recognised, in words (``EXIF``, ``page outline``); None for a
    digital file."""
    how = photo_of(r)
    return None if how is None else display(RECOGNISED.get(how, how))


def _index(results: Sequence[FileResult], has_image: Sequence[bool], assets: str) -> dict[str, Any]:
    """The JSON the page renders: tables of codes and folders, one short record per poster:
    name, folder, page, status, codes, has an image, and how a photograph was recognised
    (None for a digital file)."""
    # display(): names on one line, undecodable bytes escaped (UTF-8 cannot hold them)
    where = folders([r.path for r in results])
    folder_names = sorted(set(where.values()))  # the order of the folder table's rows
    fi = {f: i for i, f in enumerate(folder_names)}
    codes: dict[str, int] = {}
    items = []
    for r, img in zip(results, has_image, strict=True):
        per: dict[tuple[str, str], int] = {}
        if r.error is not None:
            per[(r.error.code, "error")] = 1
        for f in r.findings:
            k = (f.code, f.severity.value)
            per[k] = per.get(k, 0) + 1
        cs = [
            [codes.setdefault(c, len(codes)), _SEV.index(s), n]
            for (c, s), n in sorted(per.items(), key=lambda kv: (_SEV.index(kv[0][1]), kv[0][0]))
        ]
        items.append(
            [
                display(Path(r.path).name),
                fi[where[r.path]],
                r.page,
                STATUSES.index(r.status),
                cs,
                int(img),
                _recognised(r),
            ]
        )
    return {
        "codes": list(codes),
        "folders": [display(f) for f in folder_names],
        "statuses": list(STATUSES),
        "items": items,
        "chunk": CHUNK,
        "assets": assets,
    }


def render(
    results: Sequence[FileResult],
    meta: ReportMeta,
    *,
    has_image: Sequence[bool] | None = None,
    assets: str = "report_files",
) -> str:
    """The HTML text (without the images and details, which :func:`write` puts beside it)."""
    e = html.escape
    has_image = has_image if has_image is not None else [False] * len(results)
    t = tally(results)
    regions = by_folder(results)
    data = json.dumps(
        _index(results, has_image, assets), ensure_ascii=False, separators=(",", ":")
    ).replace("<", "\\u003c")  # no "</script>" can end the block early
    folder_index = {f: i for i, f in enumerate(sorted(regions))}
    parts = [
        (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<title>{e(meta.title)}</title><style>{_static('report.css')}</style><header>"
            f"<h1>{e(meta.title)}</h1>"
        )
    ]
    if meta.interrupted:
        parts.append(
            "<div class=partial>Partial report: the audit was interrupted; "
            f"{meta.cached + meta.analysed} of {meta.files} file(s) were checked "
            f"({t.posters} poster(s)); the others are not in this report."
            "</div>"
        )
    parts.append(
        f"<div class=meta><b>date</b> {e(meta.date)} · <b>brandcheck</b> {e(meta.version)} · "
        f"<b>kit</b> {e(meta.kit)}</div>"
        f"<div class=meta><b>paths</b> {e(display(', '.join(meta.paths)))}</div>"
        f"<div class=meta>{t.posters} poster(s) from {meta.cached + meta.analysed} file(s): {meta.analysed} "
        f"analysed, {meta.cached} from cache, {len(meta.skipped)} skipped, in "
        f"{meta.seconds:.1f} s</div><div class=totals>"
        + "".join(
            f"<span class={k}>{k} {t.by_status.get(k, 0)}</span>"
            for k in ("fail", "error", "warn", "pass")
        )
        + "</div></header><section class=tables>"
    )
    parts.append(
        "<table><tr><th>folder</th><th>posters</th><th>fail</th><th>error</th><th>warn</th>"
        "<th>pass</th><th>fail rate</th><th>most frequent</th></tr>"
    )
    for name, g in regions.items():
        top = ", ".join(f"{c} {p}" for c, (p, _) in list(g.by_code.items())[:3])
        parts.append(
            f"<tr class=pick data-folder={folder_index[name]}><td>{e(display(name))}</td>"
            f"<td class=n>{g.posters}</td>"
            + "".join(f"<td class='n {k}'>{g.by_status.get(k, 0)}</td>" for k in STATUSES)
            + f"<td class=n>{g.fail_rate:.0%}</td><td>{e(top)}</td></tr>"
        )
    parts.append("</table>")
    kinds = by_kind(results)
    if kinds["photo"].posters:
        # photographs apart: their fails may be the camera's, and must not hide the
        # digital files' (the artwork's own) in a ranking by status
        parts.append(
            "<table class=kinds><tr><th>kind</th><th>posters</th><th>fail</th><th>error</th>"
            "<th>warn</th><th>pass</th><th>fail rate</th></tr>"
        )
        for k, label in (("digital", "digital files"), ("photo", "photographs")):
            g = kinds[k]
            parts.append(
                f"<tr class=pick data-kind={k}><td>{label}</td><td class=n>{g.posters}</td>"
                + "".join(f"<td class='n {s}'>{g.by_status.get(s, 0)}</td>" for s in STATUSES)
                + f"<td class=n>{g.fail_rate:.0%}</td></tr>"
            )
        parts.append(
            "<tr><td colspan=7 class=note>a photograph shows the print through a camera: "
            "within each status, photographs are listed after the digital files</td></tr>"
            "</table>"
        )
    parts.append("<table><tr><th>code</th><th>posters</th><th>findings</th></tr>")
    for c, (p, n) in t.by_code.items():
        parts.append(
            f"<tr class=pick data-code='{e(c)}'><td>{e(c)}</td><td class=n>{p}</td>"
            f"<td class=n>{n}</td></tr>"
        )
    parts.append("</table></section><section>")
    errors = [r for r in results if r.error is not None]
    parts.append(
        f"<details><summary>not checked: {len(meta.skipped)} skipped, {len(errors)} error(s)"
        "</summary><table><tr><th>file</th><th>why</th></tr>"
        + "".join(f"<tr><td>{e(p)}</td><td>skipped: {e(why)}</td></tr>" for p, why in meta.skipped)
        + "".join(
            f"<tr><td>{e(display(r.path))}</td><td class=error>{e(r.error.code)}: "
            f"{e(display(r.error.message))}</td></tr>"
            for r in errors
            if r.error is not None
        )
        + "</table></details></section>"
    )
    parts.append(
        "<div class=controls id=controls>"
        "<label>sort <select id=sort><option value=status>status</option>"
        "<option value=code>code</option><option value=folder>folder</option>"
        "<option value=name>name</option></select></label>"
        "<label>status <select id=fs><option value=''>all</option>"
        + "".join(f"<option>{k}</option>" for k in STATUSES)
        + "</select></label><label>code <select id=fc><option value=''>all</option>"
        + "".join(f"<option>{e(c)}</option>" for c in sorted(t.by_code))
        + "</select></label><label>folder <select id=ff><option value=''>all</option>"
        + "".join(f"<option value={i}>{e(display(n))}</option>" for n, i in folder_index.items())
        + "</select></label><label>kind <select id=fk><option value=''>all</option>"
        "<option value=digital>digital files</option><option value=photo>photographs</option>"
        "</select></label><label>name <input id=q type=search placeholder='search'></label>"
        "<label><input id=info type=checkbox> show info</label>"
        " showing <b id=shown></b> of "
        f"{t.posters}</div><div id=grid></div>"
        "<div id=modal><div class=box><div class=pic id=mpic></div>"
        "<div class=side id=mside></div></div></div>"
        f"<script type=application/json id=bc-data>{data}</script>"
        f"<script>{_static('report.js')}</script></html>"
    )
    return "".join(parts)


def _bytes(image: str | bytes | Path) -> bytes:
    if isinstance(image, Path):
        return image.read_bytes()
    return base64.b64decode(image) if isinstance(image, str) else image


def write(
    report: Path,
    results: Sequence[FileResult],
    meta: ReportMeta,
    *,
    thumbnails: Mapping[Key, str | bytes | Path] | None = None,
    views: Mapping[Key, str | bytes | Path] | None = None,
) -> Path:
    """Write ``report`` and its folder: ``t/N.jpg`` thumbnails, ``v/N.jpg`` full-size
    annotated images, ``d/K.js`` details; the HTML last, so it never points at nothing.

    ``thumbnails`` and ``views`` are JPEGs by ``(path, page)``: bytes, base64, or files.
    """
    report = Path(report)
    folder = assets_dir(report)
    thumbnails = thumbnails or {}
    views = views or {}
    has_image = []
    for i, r in enumerate(results):
        key = (r.path, r.page)
        thumb = thumbnails.get(key)
        if thumb:
            write_atomic(folder / "t" / f"{i}.jpg", _bytes(thumb))
            full = views.get(key)
            write_atomic(folder / "v" / f"{i}.jpg", _bytes(full) if full else _bytes(thumb))
        has_image.append(bool(thumb))
    for k in range(0, max(1, len(results)), CHUNK):
        recs = [_detail(r) for r in results[k : k + CHUNK]]
        js = json.dumps(recs, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        write_atomic(folder / "d" / f"{k // CHUNK}.js", f"bcDetail({k // CHUNK},{js});".encode())
    text = render(results, meta, has_image=has_image, assets=quote(folder.name))
    return write_atomic(report, text.encode("utf-8"))
