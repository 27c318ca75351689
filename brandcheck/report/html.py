"""The audit report: one self-contained HTML file (inline CSS, JS and thumbnails; no network)."""

from __future__ import annotations

import html
from collections import Counter

from brandcheck.report.names import display
from brandcheck.result import FileResult

_CSS = """body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
.bar span{display:inline-block;margin-right:1em}.card{display:flex;gap:1em;border-top:1px solid #ddd;padding:.8em 0}
.card img{width:240px;height:auto;border:1px solid #ccc}.st{font-weight:bold;text-transform:uppercase}
.pass{color:#167a36}.warn{color:#b07000}.fail{color:#c0241c}.error{color:#7a1f7a}
table{border-collapse:collapse}td{padding:2px 8px;border-bottom:1px solid #eee;vertical-align:top}
.hidden{display:none}select{margin-right:1em}"""

_JS = """function apply(){const s=document.getElementById('fs').value,c=document.getElementById('fc').value;
let n=0;document.querySelectorAll('.card').forEach(e=>{const ok=(!s||e.dataset.status===s)&&(!c||e.dataset.codes.split(' ').includes(c));
e.classList.toggle('hidden',!ok);if(ok)n++});document.getElementById('shown').textContent=n}
document.getElementById('fs').onchange=apply;document.getElementById('fc').onchange=apply;apply();"""


def render(
    results: list[FileResult],
    thumbnails: dict[tuple[str, int | None], str],
    title: str = "brandcheck audit",
) -> str:
    st = Counter(r.status for r in results)
    codes = Counter(f.code for r in results for f in r.findings if f.severity.value != "info")
    e = html.escape
    parts = [
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{e(title)}</title><style>{_CSS}</style>",
        f"<h1>{e(title)}</h1><div class=bar>"
        + "".join(
            f"<span class={k}>{k}: {st.get(k, 0)}</span>" for k in ("pass", "warn", "fail", "error")
        )
        + "</div>",
        "<p>" + ", ".join(f"{e(c)} {n}" for c, n in codes.most_common()) + "</p>",
        "<p><label>status <select id=fs><option value=''>all</option>"
        + "".join(f"<option>{k}</option>" for k in ("pass", "warn", "fail", "error"))
        + "</select></label><label>code <select id=fc><option value=''>all</option>"
        + "".join(f"<option>{e(c)}</option>" for c in sorted(codes))
        + "</select></label> showing <span id=shown></span></p>",
    ]
    for r in results:
        rc = sorted(
            {f.code for f in r.findings if f.severity.value != "info"}
            | ({r.error.code} if r.error else set())
        )
        name = display(r.path) + ("" if r.page is None else f" (page {r.page})")
        thumb = thumbnails.get((r.path, r.page))
        img = (
            f"<img alt='' src='data:image/jpeg;base64,{thumb}'>"
            if thumb
            else "<div style='width:240px'></div>"
        )
        rows = "".join(
            f"<tr><td class={f.severity.value}>{f.severity.value}</td><td>{e(f.code)}</td><td>{e(f.message)}</td></tr>"
            for f in r.findings
        )
        if r.error:
            rows = f"<tr><td class=error>error</td><td>{e(r.error.code)}</td><td>{e(r.error.message)}</td></tr>"
        parts.append(
            f"<div class=card data-status={r.status} data-codes='{e(' '.join(rc))}'>{img}<div>"
            f"<div><span class='st {r.status}'>{r.status}</span> {e(name)}</div><table>{rows}</table></div></div>"
        )
    parts.append(f"<script>{_JS}</script></html>")
    return "\n".join(parts)
