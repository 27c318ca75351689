"""Accuracy and speed of brandcheck against two classic baselines, on one corpus, in one run.

    python benchmarks/bench.py --corpus corpus --n 320 --seed 1 [--limit N] [--markdown out.md]

Generates the corpus (``posterlab.tuned.corpus``) when ``--corpus`` has no
``truth.jsonl``. On every poster it times, side by side in this process:

- ``decode``: ``cv2.imread`` of the file (the floor of any checker);
- ``brandcheck``: ``brandcheck.api.check_file`` (load, locate, measure, judge);
- ``sift``: the classic OpenCV recipe, as-is, on the full-resolution grey poster: SIFT,
  BFMatcher k=2, Lowe ratio 0.75, findHomography RANSAC 5 px, accepted at >= 10 inliers;
- ``template``: multi-scale template matching: the artwork's grey on white, TM_CCOEFF_NORMED
  at 24 widths from 3 % to 90 % of the poster width on the poster reduced to an 800 px
  long side (full resolution would take minutes a poster), accepted at a best score
  >= 0.5.

A detection is correct when every corner lies within 5 % of the true quad's diagonal.
Prints detection recall and precision, quad error, per-code recall and false alarms, the
false-fail rate on compliant posters, all per category, and times with their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

# measure this checkout's brandcheck, not whichever one is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brandcheck import geometry as geo
from brandcheck.api import check_file
from brandcheck.brand import load_brand

COMPLIANT = ("clean", "print", "recompressed", "cmyk-tiff")


# --- baseline (a): the classic recipe, written out ------------------------------------------
class Sift:
    def __init__(self, art_grey: np.ndarray) -> None:
        self.sift = cv2.SIFT_create()
        self.kp, self.desc = self.sift.detectAndCompute(art_grey, None)
        self.shape = art_grey.shape
        self.bf = cv2.BFMatcher(cv2.NORM_L2)

    def __call__(self, grey: np.ndarray) -> list[np.ndarray]:
        kp, desc = self.sift.detectAndCompute(grey, None)
        if desc is None or len(kp) < 2:
            return []
        good = [
            m
            for m, n in (p for p in self.bf.knnMatch(self.desc, desc, k=2) if len(p) == 2)
            if m.distance < 0.75 * n.distance
        ]
        if len(good) < 10:
            return []
        src = np.float32([self.kp[m.queryIdx].pt for m in good])
        dst = np.float32([kp[m.trainIdx].pt for m in good])
        h, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
        if h is None or int(mask.sum()) < 10:
            return []
        return [geo.to_edge(geo.apply(h, geo.frame_corners(self.shape[1], self.shape[0])))]


# --- baseline (b): multi-scale template matching ------------------------------------------
class Template:
    SIDE = 800
    THRESHOLD = 0.5

    def __init__(self, art_grey: np.ndarray) -> None:
        self.art = art_grey

    def __call__(self, grey: np.ndarray) -> list[np.ndarray]:
        h, w = grey.shape
        f = min(1.0, self.SIDE / max(h, w))
        small = cv2.resize(grey, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
        ah, aw = self.art.shape
        best = (-1.0, None, None)
        for frac in np.geomspace(0.03, 0.9, 24):
            tw = int(frac * small.shape[1])
            th = int(tw * ah / aw)
            if tw < 8 or th < 4 or th >= small.shape[0] or tw >= small.shape[1]:
                continue
            t = cv2.resize(self.art, (tw, th), interpolation=cv2.INTER_AREA)
            res = cv2.matchTemplate(small, t, cv2.TM_CCOEFF_NORMED)
            _, score, _, loc = cv2.minMaxLoc(res)
            if score > best[0]:
                best = (score, loc, (tw, th))
        if best[0] < self.THRESHOLD or best[1] is None:
            return []
        (x, y), (tw, th) = best[1], best[2]
        q = np.array([[x, y], [x + tw, y], [x + tw, y + th], [x, y + th]], float) / f
        return [q]


def matched(pred: list[np.ndarray], truth: list[list[list[float]]]) -> tuple[int, int, list[float]]:
    """(true logos found, predictions that are right, corner errors of the matches)."""
    used: set[int] = set()
    errs: list[float] = []
    hit = 0
    for t in truth:
        ta = np.array(t)
        tol = 0.05 * float(np.hypot(*(ta[2] - ta[0])))
        for i, p in enumerate(pred):
            if i in used:
                continue
            e = float(np.abs(np.array(p) - ta).max())
            if e <= tol:
                used.add(i)
                hit += 1
                errs.append(float(np.hypot(*(np.array(p) - ta).T).max()))
                break
    return hit, len(used), errs


def run(corpus: Path, limit: int | None, baselines: bool) -> dict[str, Any]:
    rows = [
        json.loads(line)
        for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    if limit:
        rows = rows[:limit]
    kit = load_brand()
    from PIL import Image

    with Image.open(kit.logo.artwork) as im:
        a = np.asarray(im.convert("RGBA"))[..., 3].astype(np.float32) / 255
    art_grey = (255 - a * (255 - 86)).astype(np.uint8)  # the ink's grey (86) on white
    methods = {"sift": Sift(art_grey), "template": Template(art_grey)} if baselines else {}
    per: list[dict[str, Any]] = []
    check_file(corpus / rows[0]["path"], kit)  # warm caches (reference features, imports)
    for n, row in enumerate(rows):
        path = corpus / row["path"]
        t0 = time.perf_counter()
        grey_img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        decode = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = check_file(path, kit)
        t_bc = time.perf_counter() - t0
        truth = [lg["quad"] for lg in row["logos"]]
        out = {
            "category": row["category"],
            "expected": set(row["expected_codes"]),
            "decode": decode,
            "times": {"brandcheck": t_bc},
            "status": res.status,
            "codes": {f.code for f in res.findings if f.severity.value != "info"},
            "truth": len(truth),
            "pred": {},
            "errs": {},
        }
        out["pred"]["brandcheck"] = matched([np.array(lg.quad) for lg in res.logos], truth) + (
            len(res.logos),
        )
        for name, fn in methods.items():
            t0 = time.perf_counter()
            quads = fn(grey_img) if grey_img is not None else []
            out["times"][name] = time.perf_counter() - t0
            out["pred"][name] = matched(quads, truth) + (len(quads),)
        per.append(out)
        if (n + 1) % 20 == 0:
            print(f"  {n + 1}/{len(rows)} posters", file=sys.stderr, flush=True)
    return {"rows": per}


def pct(a: float, b: float) -> str:
    return "n/a" if b == 0 else f"{100 * a / b:.1f}%"


def report(data: dict[str, Any], cmd: str) -> str:
    per = data["rows"]
    methods = list(per[0]["pred"])
    lines = [
        f"command: `{cmd}`",
        (
            f"machine: {os.cpu_count()} CPU, Python {platform.python_version()}, OpenCV {cv2.__version__}, "
            f"{len(per)} posters"
        ),
        "",
    ]
    # detection per category and method
    cats = sorted({r["category"] for r in per}, key=lambda c: (c.startswith("code:"), c))
    lines += [
        "| category | n | " + " | ".join(f"{m} recall | {m} precision" for m in methods) + " |",
        "|---|---|" + "---|---|" * len(methods),
    ]
    totals = {m: [0, 0, 0, 0] for m in methods}  # true found, true total, right preds, preds
    for c in cats + ["**all**"]:
        rs = per if c == "**all**" else [r for r in per if r["category"] == c]
        cells = []
        for m in methods:
            hit = sum(r["pred"][m][0] for r in rs)
            tot = sum(r["truth"] for r in rs)
            right = sum(r["pred"][m][1] for r in rs)
            npred = sum(r["pred"][m][3] for r in rs)
            cells.append(
                f"{pct(hit, tot)} | {pct(right, npred) if npred else ('100.0%' if tot == 0 else 'n/a')}"
            )
            if c == "**all**":
                totals[m] = [hit, tot, right, npred]
        lines.append(f"| {c} | {len(rs)} | " + " | ".join(cells) + " |")
    lines.append("")
    # false detections on posters without a logo
    free = [r for r in per if r["truth"] == 0]
    lines.append(
        "false detections on logo-free and lookalike posters: "
        + ", ".join(f"{m} {sum(r['pred'][m][3] > 0 for r in free)}/{len(free)}" for m in methods)
    )
    # quad accuracy: the largest corner error of each correct detection
    parts = []
    for m in methods:
        errs = [e for r in per for e in r["pred"][m][2]]
        if errs:
            parts.append(
                f"{m} median {statistics.median(errs):.2f} px, 95th percentile "
                f"{float(np.percentile(errs, 95)):.2f} px ({len(errs)} logos)"
            )
    lines.append(
        "quad accuracy (largest corner error of each correct detection): " + "; ".join(parts)
    )
    # per-code recall and false alarms (brandcheck)
    from brandcheck.checks import CODES

    lines += [
        "",
        "| code | recall (posters with it injected) | false alarms (posters without it) |",
        "|---|---|---|",
    ]
    for code in CODES:
        pos = [r for r in per if code in r["expected"]]
        neg = [r for r in per if code not in r["expected"] and r["category"] != "phone"]
        rec = sum(code in r["codes"] for r in pos)
        fa = sum(code in r["codes"] for r in neg)
        lines.append(
            f"| {code} | {rec}/{len(pos)} = {pct(rec, len(pos))} | {fa}/{len(neg)} = {pct(fa, len(neg))} |"
        )
    comp = [r for r in per if r["category"] in COMPLIANT]
    ff = sum(r["status"] == "fail" for r in comp)
    lines += [
        "",
        f"false-fail rate on compliant posters ({', '.join(COMPLIANT)}): {ff}/{len(comp)} = {pct(ff, len(comp))}",
    ]
    phone = [r for r in per if r["category"] == "phone"]
    if phone:
        lines.append(
            f"phone-photo detection recall: {pct(sum(r['pred']['brandcheck'][0] for r in phone), sum(r['truth'] for r in phone))}"
        )
    # timing
    dec = [r["decode"] for r in per]
    lines += [
        "",
        "| method | median time / poster | ratio to decode (median of per-poster ratios) | throughput |",
        "|---|---|---|---|",
        f"| decode (cv2.imread) | {1000 * statistics.median(dec):.0f} ms | 1.0 | {len(per) / sum(dec):.1f} /s |",
    ]
    for m in methods:
        ts = [r["times"][m] for r in per]
        ratio = statistics.median(r["times"][m] / r["decode"] for r in per if r["decode"] > 0)
        lines.append(
            f"| {m} | {1000 * statistics.median(ts):.0f} ms | {ratio:.1f}× | {len(per) / sum(ts):.1f} /s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--n", type=int, default=320)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--markdown", type=Path, default=None)
    a = ap.parse_args(argv)
    if not (a.corpus / "truth.jsonl").is_file():
        from posterlab.tuned.corpus import make_corpus

        t0 = time.perf_counter()
        make_corpus(a.corpus, a.n, a.seed)
        print(f"generated {a.n} posters in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    cmd = "python benchmarks/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(run(a.corpus, a.limit, not a.no_baselines), cmd)
    print(text)
    if a.markdown:
        a.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
