"""Issue 14's benchmark: posters the finder was never tuned on, for four artworks.

    nice python benchmarks/unseen.py --n 300 [--artworks standin,seal,badge,wordmark]
        [--jpeg 0.5] [--out out/unseen] [--only tiny,near-ink] [--dump DIR]

For each artwork (the bundled stand-in and the three test artworks of
``posterlab.unseen.artworks``, each as a kit made by ``make_kit`` and read with
``load_brand`` exactly as ``--brand DIR`` reads it), ``--n`` posters are drawn by
``posterlab.unseen.generator`` (kinds in turn, seed = index), half of them (``--jpeg``)
JPEG-encoded at quality 80-95 and decoded again, and checked in this process with
``brandcheck.api.analyse`` (no OCR: the lockup codes are not part of this benchmark).

A logo counts as detected when a detection's quad has every corner within 5 % of the true
quad's diagonal of the true corner. Printed per artwork: detection recall, false
detections (any detection on a logo-free or lookalike poster, or one matching no logo),
per-code recall (the expected code among the fail findings of the detected logo), false
fails on compliant posters (any fail), and the misses by kind. Per-poster rows go to
``OUT/results.jsonl``.

``--only KINDS`` runs only the posters of those kinds out of the ``--n`` a full run draws,
with the seeds they have there (``--kinds`` instead turns the kinds in its own order, so
its posters are other ones): a fix is measured on the very posters the full run missed.
``--dump DIR`` writes every poster the run got wrong (missed, a code missed, an unexpected
fail, a false detection) as ``DIR/<name>.png``, exactly as checked (after JPEG).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOL = 0.05


def _jpeg(rgb: np.ndarray, q: int) -> np.ndarray:
    _ok, buf = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    return np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1])


def _matches(quad: list[list[float]], truth: list[list[float]]) -> bool:
    q, t = np.array(quad), np.array(truth)
    diag = float(np.hypot(*(t[2] - t[0])))
    return bool(np.all(np.hypot(*(q - t).T) <= TOL * diag))


def run_one(
    kit: Any,
    alpha: np.ndarray,
    alike: np.ndarray,
    seed: int,
    kind: str,
    jpeg: float,
    dump: Path | None = None,
) -> dict[str, Any]:
    from brandcheck.api import analyse
    from brandcheck.load import Poster
    from posterlab.unseen.generator import make_poster

    p = make_poster(seed, kind, alpha, alike, name=f"{kit.id}-{seed:04d}-{kind}")
    rng = np.random.default_rng(seed + 10_000)
    rgb = p.rgb
    q = None
    if rng.random() < jpeg:
        q = int(rng.integers(80, 96))
        rgb = _jpeg(rgb, q)
    t0 = time.perf_counter()
    a = analyse(Poster(rgb=rgb, path=p.name, source_format="PNG"), kit, text=False)
    dt = time.perf_counter() - t0
    res = a.result
    found = [lg.quad for lg in res.logos]
    hit = [i for i, qd in enumerate(found) if p.quads and _matches(qd, p.quads[0])]
    fails = sorted(
        {
            f.code
            for f in res.findings
            if f.severity.value == "fail" and (f.logo is None or f.logo in hit)
        }
    )
    row = {
        **p.truth(),
        "jpeg": q,
        "detected": bool(hit),
        "false_detections": len(found) - len(hit[:1]),
        "fails": fails,
        "warns": sorted({f.code for f in res.findings if f.severity.value == "warn"}),
        "infos": sorted(
            {
                f.code
                for f in res.findings
                if f.severity.value == "info" and "not measured" in f.message
            }
        ),
        "missing_reason": next((f.message for f in res.findings if f.code == "logo-missing"), None),
        "seconds": round(dt, 3),
    }
    if dump is not None and _wrong(row):
        dump.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(dump / f"{p.name}.png"), rgb[..., ::-1])
    return row


def _wrong(r: dict[str, Any]) -> bool:
    """Whether a row is a miss of any sort (see the module's docstring)."""
    if not r["logos"]:
        return bool(r["false_detections"])
    unexpected = set(r["fails"]) - set(r["expect"]) - set(r["allow"])
    missed = any(c not in r["fails"] for c in r["expect"])
    return not r["detected"] or missed or bool(unexpected) or bool(r["false_detections"])


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    with_logo = [r for r in rows if r["logos"]]
    no_logo = [r for r in rows if not r["logos"]]
    det = sum(r["detected"] for r in with_logo)
    false_det = sum(r["false_detections"] for r in rows)
    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in with_logo:
        for c in r["expect"]:
            per_code[c][1] += 1
            per_code[c][0] += int(r["detected"] and c in r["fails"])
    comp = [r for r in rows if r["kind"] == "compliant"]
    ff = sum(bool(set(r["fails"]) - set(r["allow"])) or not r["detected"] for r in comp)
    misses = Counter(r["kind"] for r in with_logo if not r["detected"])
    code_miss = Counter(
        r["kind"]
        for r in with_logo
        if r["detected"] and any(c not in r["fails"] for c in r["expect"])
    )
    extra = Counter(
        c
        for r in with_logo
        if r["detected"]
        for c in set(r["fails"]) - set(r["expect"]) - set(r["allow"])
    )
    return {
        "posters": len(rows),
        "recall": (det, len(with_logo)),
        "false_detections": (false_det, len(no_logo)),
        "logo_free_detected": sum(r["false_detections"] > 0 for r in no_logo),
        "per_code": {c: tuple(v) for c, v in sorted(per_code.items())},
        "false_fails_compliant": (ff, len(comp)),
        "undetected_by_kind": dict(misses),
        "code_missed_by_kind": dict(code_miss),
        "unexpected_fails": dict(extra),
        "median_s": float(np.median([r["seconds"] for r in rows])) if rows else 0.0,
    }


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} % ({a}/{b})" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=39)
    ap.add_argument("--artworks", default="standin,seal,badge,wordmark")
    ap.add_argument("--jpeg", type=float, default=0.5)
    ap.add_argument("--out", default="out/unseen")
    ap.add_argument("--kinds", default="")
    ap.add_argument("--only", default="", help="only these kinds, with a full run's seeds")
    ap.add_argument("--dump", default="", help="write the posters got wrong here, as PNG")
    ap.add_argument(
        "--summarise",
        nargs="+",
        metavar="JSONL",
        help="only print the summary of results.jsonl files already written (a run's rows "
        "are flushed one by one, so a run cut short can still be read)",
    )
    args = ap.parse_args(argv)
    if args.summarise:
        rows = []
        for f in args.summarise:
            with open(f, encoding="utf-8") as fh:
                rows += [json.loads(line) for line in fh]
        for name in dict.fromkeys(r["artwork"] for r in rows):
            _report(name, summarise([r for r in rows if r["artwork"] == name]))
        return 0

    from brandcheck.brand import load_brand
    from posterlab.unseen.artworks import draw, make_kit
    from posterlab.unseen.generator import KINDS

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    print(f"$ {' '.join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])])}")
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}")
    all_rows = []
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for name in args.artworks.split(","):
            kit_dir = None if name == "standin" else make_kit(name, out / "kits" / name)
            kit = load_brand(kit_dir)
            alpha, alike = draw(name), draw(f"{name}-alike")
            rows = []
            only = set(args.only.split(",")) if args.only else None
            dump = Path(args.dump) / name if args.dump else None
            for i in range(args.n):
                kind = kinds[i % len(kinds)]
                if only is not None and kind not in only:
                    continue
                r = run_one(kit, alpha, alike, i, kind, args.jpeg, dump)
                r["artwork"] = name
                rows.append(r)
                fh.write(json.dumps(r) + "\n")
                fh.flush()
            all_rows += rows
            _report(name, summarise(rows))
    return 0


def _report(name: str, s: dict[str, Any]) -> None:
    """Print one artwork's figures."""
    print(f"\n## {name} ({s['posters']} posters, median {s['median_s']:.2f} s)")
    print(
        f"detection recall {_pct(*s['recall'])}; detections matching no logo "
        f"{s['false_detections'][0]}, of which on the {s['false_detections'][1]} logo-free and "
        f"lookalike posters {s.get('logo_free_detected', 0)}"
    )
    print("per-code recall: " + ", ".join(f"{c} {_pct(*v)}" for c, v in s["per_code"].items()))
    print(f"false fails on compliant posters: {_pct(*s['false_fails_compliant'])}")
    print(
        f"undetected by kind: {s['undetected_by_kind']}; code missed by kind: "
        f"{s['code_missed_by_kind']}; unexpected fails: {s['unexpected_fails']}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
