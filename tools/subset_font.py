"""Subset Noto Sans CJK SC Bold to the characters brandcheck's kit and samples need.

Usage (from the repository root; Debian's fonts-noto-cjk .deb extracted somewhere):

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/fontx
    python tools/subset_font.py /tmp/fontx/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc

Keeps printable ASCII, the middle dot, full-width punctuation and every CJK character of
the 2019 notice (theme, slogans, usage example, body text), so the stand-in artwork,
lockup and sample posters can be set from it. Deterministic: the same input gives the
same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT.parent / "shared" / "seed" / "notice-2019-quality-month.txt"
OUT = ROOT / "reference" / "quality-month-2019" / "fonts" / "NotoSansCJKsc-Bold-subset.otf"


def wanted_text() -> str:
    """Every character the kit and the sample generator may set."""
    extra = "".join(chr(c) for c in range(0x20, 0x7F)) + "·•—–“”‘’、。，：；！？（）《》〔〕【】…"
    notice = NOTICE.read_text(encoding="utf-8") if NOTICE.is_file() else ""
    cjk = {ch for ch in notice if ord(ch) > 0x2E80}
    return extra + "".join(sorted(cjk))


def main(ttc: str) -> None:
    coll = TTCollection(ttc)
    font = next(f for f in coll.fonts if "SC" in f["name"].getDebugName(1))
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False  # rendered large or as outlines: hints only cost bytes
    sub = subset.Subsetter(opts)
    sub.populate(text=wanted_text())
    sub.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB, {len(wanted_text())} chars)")


if __name__ == "__main__":
    main(sys.argv[1])
