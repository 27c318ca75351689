"""Subset Noto Sans CJK SC Bold to the characters brandcheck's kit and samples need.

Usage (from the repository root)::

    cd /tmp && apt-get download fonts-noto-cjk
    python tools/subset_font.py /tmp/fonts-noto-cjk_*.deb

The script extracts the .deb with ``dpkg-deb -x`` into a temporary folder under /tmp (the
package need not be installed), takes face 2 of ``NotoSansCJK-Bold.ttc`` (Noto Sans CJK SC
Bold; checked by name, not trusted by number) and keeps

- printable ASCII (U+0020..U+007E) and the middle dot U+00B7 (the usage example's "·");
- the full-width punctuation Chinese text uses (``PUNCTUATION`` below);
- every CJK character of the 2019 notice (``/work/shared/seed/notice-2019-quality-month.txt``
  or ``--notice``): theme, slogans, usage example and body text, for the stand-in artwork,
  its lockup and the sample posters.

If the result is over 2 MB it falls back to the characters of attachments 2 and 3 plus
the notice's 1500 most frequent CJK characters. It writes, into
``reference/quality-month-2019/fonts/``: the subset, ``OFL.txt`` (the licence text from the
package's ``copyright`` file) and ``README.md`` (provenance and this command).

Deterministic: the same .deb and notice give the same bytes (the font's ``head.modified``
is kept from the source instead of being set to "now", and every set is sorted).
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "reference" / "quality-month-2019" / "fonts"
OUT_NAME = "NotoSansCJKsc-Bold-subset.otf"
NOTICE = Path("/work/shared/seed/notice-2019-quality-month.txt")
TTC = Path("usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
COPYRIGHT = Path("usr/share/doc/fonts-noto-cjk/copyright")
FAMILY = "Noto Sans CJK SC"
FACE_NUMBER = 2  # order in the .ttc: JP, KR, SC, TC, HK, then the Mono faces
MAX_BYTES = 2 * 1024 * 1024  # a kit file, shipped in the wheel: keep it small
FALLBACK_TOP = 1500  # most frequent characters kept when the full set is too big

ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
MIDDLE_DOT = "\u00b7"
# Full-width punctuation of Chinese running text: comma, enumeration comma, full stop,
# colon, semicolon, !, ?, brackets of every kind Chinese uses, quotes, dashes, ellipsis,
# the ideographic space and the interpunct; what a poster or slogan may set.
PUNCTUATION = (
    "\u3000、。〃〈〉《》「」『』【】〔〕〖〗〜"  # CJK Symbols and Punctuation
    "！＂＃％＆＇（）＊＋，－．／：；＜＝＞？［］｛｝～｜"  # Halfwidth and Fullwidth Forms
    "“”‘’—–…•・\u2e3a"  # General Punctuation used in Chinese (quotes, dashes, ellipsis)
)
#: Traditional forms of the theme's characters, for test posters that set the theme in
#: traditional characters (a misuse the lockup check must report).
TRADITIONAL = "創國質設強"


def is_cjk(ch: str) -> bool:
    """True for ideographs and CJK/full-width punctuation: the notice's non-Latin text."""
    c = ord(ch)
    return (
        0x2E80 <= c <= 0x9FFF  # radicals, CJK punctuation, kana, Ext A, unified ideographs
        or 0xF900 <= c <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= c <= 0xFFEF  # full-width forms
        or c in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026)  # Chinese quotes, dash, …
    )


def notice_cjk(notice: str) -> list[str]:
    """Every CJK character of the notice, sorted by code point (a stable order)."""
    return sorted({ch for ch in notice if is_cjk(ch)})


def attachments_2_3(notice: str) -> str:
    """The slogans (attachment 2) and logo page (attachment 3): the text the kit must set."""
    m = re.search(r"^附件 2\s*$(.*?)^抄送", notice, flags=re.MULTILINE | re.DOTALL)
    if m is None:
        raise SystemExit("notice: attachments 2 and 3 not found (no '附件 2' ... '抄送')")
    return m.group(1)


def most_frequent(notice: str, n: int) -> list[str]:
    """The ``n`` most frequent CJK characters; ties broken by code point, for determinism."""
    counts = collections.Counter(ch for ch in notice if is_cjk(ch))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return sorted(ch for ch, _ in ranked[:n])


def wanted_text(cjk: list[str]) -> str:
    """The full character set: Latin, the dot, punctuation, then the chosen CJK characters."""
    return "".join(sorted(set(ASCII + MIDDLE_DOT + PUNCTUATION + TRADITIONAL + "".join(cjk))))


def subset_font(ttc: Path, text: str) -> TTFont:
    """Face ``FAMILY`` of ``ttc`` reduced to ``text``, layout features and names kept."""
    # recalcTimestamp=False: otherwise head.modified becomes "now" and every run differs
    font = TTFont(ttc, fontNumber=FACE_NUMBER, recalcTimestamp=False)
    family = font["name"].getDebugName(1)
    if family != FAMILY:
        raise SystemExit(f"{ttc} face {FACE_NUMBER} is {family!r}, expected {FAMILY!r}")
    opts = subset.Options()
    opts.layout_features = ["*"]  # keep vert, locl etc.: the samples may set vertical text
    opts.name_IDs = ["*"]  # keep copyright (0) and licence (13, 14) records, as the OFL asks
    opts.name_languages = ["*"]
    opts.notdef_outline = True  # a missing character shows as a box, not as nothing
    opts.hinting = False  # rendered large or as outlines: hints only cost bytes
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(font)
    return font


def ofl_text(copyright_file: str, font_copyright: str) -> str:
    """The SIL OFL 1.1 text from Debian's machine-readable copyright file, de-indented."""
    m = re.search(r"^License: SIL-1\.1\n((?: .*\n?)+)", copyright_file, flags=re.MULTILINE)
    if m is None:
        raise SystemExit("copyright file: no 'License: SIL-1.1' paragraph")
    body = "\n".join("" if ln.strip() == "." else ln[1:] for ln in m.group(1).splitlines())
    holders = re.search(r"^Files: \*\nCopyright: (.*)$", copyright_file, flags=re.MULTILINE)
    debian = holders.group(1) if holders else "see the upstream project"
    return (
        f"Noto Sans CJK: {font_copyright}\n"
        f"Debian's copyright file of fonts-noto-cjk states: Copyright {debian}.\n\n"
        f"{body.rstrip()}\n"
    )


def readme(version: str, n_chars: int, n_cjk: int, size: int, fallback: bool) -> str:
    """Provenance of the subset: what, where from, how made, under which licence."""
    scope = (
        f"the CJK characters of attachments 2 and 3 plus the notice's {FALLBACK_TOP} most frequent"
        if fallback
        else "every CJK character of the notice"
    )
    return f"""# Fonts in the brand kit

`{OUT_NAME}` ({size / 1024:.0f} KiB, {n_chars} characters) is a subset of
**Noto Sans CJK SC Bold** (Google / Adobe, SIL Open Font License 1.1, licence text and
copyright notices in `OFL.txt`). Source: Debian's `fonts-noto-cjk` package, version
`{version}`, file `/{TTC}`, face {FACE_NUMBER} (Noto Sans CJK SC).

Kept: printable ASCII, the middle dot U+00B7, full-width Chinese punctuation, the
traditional forms 創國質設強 (for test posters of a misset theme) and
{scope} (国市监质〔2019〕162号, `/work/shared/seed/notice-2019-quality-month.txt`;
{n_cjk} CJK characters and punctuation): theme, slogans, usage example and body text.
It draws the stand-in logo's and lockup's outlines (`tools/draw_standin.py`) and the text
of the sample posters. The notice's standard typefaces (微软简特黑, Swis721 BlkBT) are not
free; `brand.toml` records them for the font check and Noto only stands in for them.

Regenerate (deterministic: same package, same bytes):

    cd /tmp && apt-get download fonts-noto-cjk
    python tools/subset_font.py /tmp/fonts-noto-cjk_*.deb

The script extracts the package with `dpkg-deb -x` into a temporary folder, subsets with
`fontTools.subset` (all layout features and name records kept, hinting dropped, `.notdef`
outline kept) and rewrites this file and `OFL.txt`.
"""


def deb_version(deb: Path) -> str:
    """The package version, from the .deb's control data (dpkg-deb -f)."""
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True, text=True
    ).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("deb", type=Path, help="fonts-noto-cjk_*.deb from `apt-get download`")
    ap.add_argument("--notice", type=Path, default=NOTICE)
    ap.add_argument("--out", type=Path, default=FONTS, help="folder to write into")
    args = ap.parse_args(argv)

    notice = args.notice.read_text(encoding="utf-8")
    version = deb_version(args.deb)
    with tempfile.TemporaryDirectory(prefix="noto-cjk-", dir="/tmp") as tmp:
        subprocess.run(["dpkg-deb", "-x", str(args.deb), tmp], check=True)
        ttc, copyright_file = Path(tmp) / TTC, (Path(tmp) / COPYRIGHT).read_text("utf-8")
        cjk, fallback = notice_cjk(notice), False
        font = subset_font(ttc, wanted_text(cjk))
        out = args.out / OUT_NAME
        args.out.mkdir(parents=True, exist_ok=True)
        font.save(out)
        if out.stat().st_size > MAX_BYTES:
            cjk = sorted(
                set(notice_cjk(attachments_2_3(notice))) | set(most_frequent(notice, FALLBACK_TOP))
            )
            fallback = True
            font = subset_font(ttc, wanted_text(cjk))
            font.save(out)
    size = out.stat().st_size
    text = wanted_text(cjk)
    (args.out / "OFL.txt").write_text(
        ofl_text(copyright_file, font["name"].getDebugName(0)), encoding="utf-8"
    )
    (args.out / "README.md").write_text(
        readme(version, len(text), len(cjk), size, fallback), encoding="utf-8"
    )
    print(
        f"wrote {out} ({size / 1024:.0f} KiB, {len(text)} characters, "
        f"{len(cjk)} CJK; fonts-noto-cjk {version}{', fallback set' if fallback else ''})"
    )


if __name__ == "__main__":
    main()
