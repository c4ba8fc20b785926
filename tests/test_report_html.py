"""The HTML report opened in headless Chromium (Debian package ``chromium``): the page renders
the term groups with highlighted renderings, sorts on request, and loads nothing from outside.

Chromium runs as root here, so it needs --no-sandbox; every run gets a fresh profile directory
and no network features. ``--dump-dom`` prints the DOM after the page's script ran;
``--screenshot`` writes a PNG that is decoded below (zlib and numpy, no imaging library) to see
that highlights were actually painted.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tm.check import KeepList, build_index, check_pairs, pairs_from_alignment
from tm.check.report import render_html

pytestmark = pytest.mark.chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    reason = "chromium is not installed (bash scripts/system-deps.sh installs it)"
    if os.environ.get("CI"):
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
HIGHLIGHT = (0xFF, 0xD5, 0x4F)  # the <mark> background in tm/report.py's CSS


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, seed_alignment):
    pairs = pairs_from_alignment(seed_alignment)
    index = build_index(pairs, "en", "pl")
    report = check_pairs(pairs, "en", "pl", terms=index, keep=KeepList(["public relations", "fast-food"]))
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path, report


def test_dom_shows_the_groups_with_highlights(report_file, tmp_path):
    path, report = report_file
    result = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    assert "Consistency report" in text
    (group,) = [g for g in report.groups if g.term == "account executive"]
    section = dom[dom.index(">account executive</h3>") :]
    section = section[: section.index("</section>")]
    # every rendering of the group is listed with its count
    for r in group.renderings:
        assert re.search(rf"<td>{re.escape(html.escape(r.text, quote=False))}</td><td class=\"num\">{r.count}</td>", section), r.text
    # the renderings are highlighted in the Polish sentences
    marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", section)]
    assert "kierowników ds. kont" in marks and "Kierownik ds. obsługi klienta" in marks
    assert "Account Executive" in marks
    # the other checks are there too, by check
    for check in ("broken-markup", "doubled-punctuation", "untranslated"):
        assert f'id="check-{check}"' in dom
    assert "( [FINRA )" in marks_of(dom, "check-broken-markup")


def marks_of(dom: str, section_id: str) -> list[str]:
    part = dom[dom.index(f'id="{section_id}"') :]
    part = part[: part.index("</section>")]
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", part)]


def test_table_sorts_when_asked(report_file, tmp_path):
    path, report = report_file
    (group,) = [g for g in report.groups if g.term == "account executive"]
    table = next(i for i, g in enumerate(report.groups) if g is group)
    table_id = f"term-{table}-account-executive-renderings"
    result = chromium(tmp_path, "--dump-dom", path.as_uri() + f"#sort={table_id}:1:desc")
    assert result.returncode == 0, result.stderr[-2000:]
    body = result.stdout[result.stdout.index(f'id="{table_id}"') :]
    body = body[: body.index("</table>")]
    assert 'data-sorted="1:desc"' in body
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', body)]
    assert counts == sorted((r.count for r in group.renderings), reverse=True)
    result = chromium(tmp_path, "--dump-dom", path.as_uri() + f"#sort={table_id}:1:asc")
    body = result.stdout[result.stdout.index(f'id="{table_id}"') :]
    body = body[: body.index("</table>")]
    assert [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', body)] == sorted(r.count for r in group.renderings)


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit, non-interlaced RGB or RGBA PNG (what
    Chromium writes), decoded with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    bpp = channels
    rows: list[bytes] = []
    prev = bytes(stride - 1)
    for y in range(height):
        f = raw[y * stride]
        line = raw[y * stride + 1 : (y + 1) * stride]
        if f == 0:
            cur = line
        elif f == 2:
            cur = bytes((a + b) & 0xFF for a, b in zip(line, prev))
        else:  # Sub, Average, Paeth depend on the byte to the left: one at a time
            out = bytearray(line)
            for x in range(len(out)):
                a = out[x - bpp] if x >= bpp else 0
                if f == 1:
                    p = a
                elif f == 3:
                    p = (a + prev[x]) >> 1
                else:
                    b = prev[x]
                    c = prev[x - bpp] if x >= bpp else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                out[x] = (out[x] + p) & 0xFF
            cur = bytes(out)
        rows.append(cur)
        prev = cur
    if channels == 4:
        rows = [bytes(b for i, b in enumerate(r) if i % 4 != 3) for r in rows]
    return width, height, rows


def count_colour(rows: list[bytes], rgb: tuple[int, int, int]) -> int:
    colour = bytes(rgb)
    return sum(1 for r in rows for i in range(0, len(r), 3) if r[i : i + 3] == colour)


def test_screenshot_paints_highlights(report_file, tmp_path):
    path, _report = report_file
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, "--window-size=1100,900", f"--screenshot={shot}", path.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    width, height, rows = read_png(shot)
    assert (width, height) == (1100, 900)
    assert count_colour(rows, HIGHLIGHT) > 2000, "no highlighted renderings painted"
    assert count_colour(rows[:40], (0x1F, 0x29, 0x37)) > 0.5 * 40 * width  # the dark header band on top
    colours = {r[i : i + 3] for r in rows[::10] for i in range(0, len(r), 3)}
    assert len(colours) > 50  # text, not a blank page


def test_page_is_self_contained(report_file):
    path, _report = report_file
    page = path.read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
