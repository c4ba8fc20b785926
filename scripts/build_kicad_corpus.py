#!/usr/bin/env python3
"""Build the KiCad manual alignment corpus: the English KiCad 6 manuals and their Polish
translations (Debian ``kicad-doc-en`` / ``kicad-doc-pl``), one paragraph per line, with a gold
alignment that comes from the documents' structure, not from any aligner.

    python scripts/build_kicad_corpus.py            # download (once), extract, write
    python scripts/build_kicad_corpus.py --check    # and compare with corpora/kicad/*.gold

What it does
  1. ``apt-get download`` (never installs) both packages into ``corpora/real/cache/downloads/debs/``
     (shared with the other build scripts) and ``dpkg-deb -x`` them;
  2. reads each manual's HTML (Asciidoctor output) with the standard library's HTML parser and
     lists its text blocks in document order: headings ``h1``-``h6``, paragraphs ``p``, block
     titles (``div.title``) and definition terms ``dt``; the table of contents, code listings
     (``pre``) and the footer are left out; white space is collapsed;
  3. the gold: the Polish manuals are translated with po4a, which keeps the source's block
     structure, so the n-th Polish block translates the n-th English block. The front matter
     (up to the first numbered heading: copyright, contributors, translators), which the
     translators rewrote, is dropped; the rest is cut into sections at headings, sections are
     paired in order (difflib over their tag sequences) and a pair is kept only when both
     sections have the same sequence of block tags. A pair whose two texts are
     identical (untranslated paragraphs, names, numbers) is dropped too: the benchmark is about
     translated prose. Every remaining pair is a 1-1 gold bead, in order;
  4. writes ``NAME.en.txt`` and ``NAME.pl.txt`` (one block per line) and ``NAME.gold``
     (vecalign bead lines) into ``corpora/real/cache/kicad/``. ``--check`` compares the gold
     and the line counts and text hashes with ``corpora/kicad/`` (committed), so a changed
     package or parser is noticed.

Licence: the KiCad documentation is GPL-3.0-or-later or CC-BY-3.0 (Debian's copyright file);
the texts stay in the git-ignored cache, only gold and hashes are committed.
Deterministic: the same .deb files give byte-identical output.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import html.parser
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "corpora" / "real" / "cache"
DEBS = CACHE / "downloads" / "debs"
OUT = CACHE / "kicad"
COMMITTED = ROOT / "corpora" / "kicad"
PACKAGES = ("kicad-doc-en", "kicad-doc-pl")
MANUALS = ("eeschema", "gerbview", "getting_started_in_kicad", "kicad", "pcb_calculator", "pcbnew", "pl_editor")
BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "dt"}
SKIP_IDS = {"toc", "footer"}


class Blocks(html.parser.HTMLParser):
    """Text blocks (tag, text) of an Asciidoctor page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped subtree)
        self.current: list[str] | None = None
        self.current_tag = ""
        self.depth_at_open = 0

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "input", "col", "hr", "wbr"):
            return
        a = dict(attrs)
        skip = a.get("id") in SKIP_IDS or tag in ("pre", "script", "style")
        self.stack.append((tag, skip))
        is_title = tag == "div" and a.get("class") == "title"
        if self.current is None and not self._skipping() and (tag in BLOCK_TAGS or is_title):
            self.current, self.current_tag, self.depth_at_open = [], "title" if is_title else tag, len(self.stack)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if self.current is not None and len(self.stack) < self.depth_at_open:
                text = re.sub(r"\s+", " ", "".join(self.current)).strip()
                if text:
                    self.blocks.append((self.current_tag, text))
                self.current = None
            if t == tag:
                break

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def blocks_of(path: Path) -> list[tuple[str, str]]:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.blocks


def download() -> Path:
    DEBS.mkdir(parents=True, exist_ok=True)
    extract = OUT / "extract"
    extract.mkdir(parents=True, exist_ok=True)
    for name in PACKAGES:
        if not list(DEBS.glob(f"{name}_*.deb")):
            subprocess.run(["apt-get", "download", name], cwd=DEBS, check=True)
        deb = sorted(DEBS.glob(f"{name}_*.deb"))[-1]
        print(f"{deb.name}  sha256 {hashlib.sha256(deb.read_bytes()).hexdigest()}", file=sys.stderr)
        if not (extract / "usr" / "share" / "doc" / "kicad" / "help" / name.rsplit("-", 1)[1]).is_dir():
            subprocess.run(["dpkg-deb", "-x", str(deb), str(extract)], check=True)
    return extract / "usr" / "share" / "doc" / "kicad" / "help"


def sections(blocks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The blocks after the front matter, cut into sections at every heading.

    The front matter (title, copyright, contributors, feedback, translators) is what the
    translators rewrote rather than translated: it ends at the first numbered heading."""
    start = next((k for k, (tag, text) in enumerate(blocks) if tag[0] == "h" and re.match(r"\d", text)), len(blocks))
    out: list[list[tuple[str, str]]] = []
    for tag, text in blocks[start:]:
        if tag[0] == "h" or not out:
            out.append([])
        out[-1].append((tag, text))
    return out


def pair(en: list[tuple[str, str]], pl: list[tuple[str, str]]) -> tuple[list[str], list[str], int]:
    """Paired, translated blocks (in order) and the number of blocks dropped.

    Sections are paired in order (difflib over their tag sequences); a section pair is kept only
    if both have the same sequence of block tags, so each block has its translation at the same
    place; sections without such a counterpart are dropped whole."""
    src, tgt, dropped = [], [], 0
    en_sec, pl_sec = sections(en), sections(pl)
    dropped += (len(en) - sum(map(len, en_sec))) + (len(pl) - sum(map(len, pl_sec)))
    signature = [tuple(t for t, _ in sec) for sec in en_sec], [tuple(t for t, _ in sec) for sec in pl_sec]
    matcher = difflib.SequenceMatcher(None, *signature, autojunk=False)
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op != "equal":
            dropped += sum(map(len, en_sec[i0:i1])) + sum(map(len, pl_sec[j0:j1]))
            continue
        for e_sec, p_sec in zip(en_sec[i0:i1], pl_sec[j0:j1]):
            for (_, e), (_, p) in zip(e_sec, p_sec):
                if e != p:
                    src.append(e)
                    tgt.append(p)
    return src, tgt, dropped


def digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed corpora/kicad/")
    args = ap.parse_args(argv)
    help_dir = download()
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {}
    failed = False
    for name in MANUALS:
        src, tgt, dropped = pair(blocks_of(help_dir / "en" / f"{name}.html"), blocks_of(help_dir / "pl" / f"{name}.html"))
        (OUT / f"{name}.en.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
        (OUT / f"{name}.pl.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
        gold = "".join(f"[{k}]:[{k}]\n" for k in range(len(src)))
        (OUT / f"{name}.gold").write_text(gold, encoding="utf-8")
        summary[name] = {"pairs": len(src), "dropped": dropped, "en_sha256": digest(src), "pl_sha256": digest(tgt)}
        print(f"{name}: {len(src)} pairs, {dropped} blocks dropped (front matter, tags differ)", file=sys.stderr)
        if args.check:
            committed = COMMITTED / f"{name}.gold"
            if not committed.exists() or committed.read_text(encoding="utf-8") != gold:
                print(f"{name}: gold differs from {committed}", file=sys.stderr)
                failed = True
    (OUT / "segments.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.check:
        committed = json.loads((COMMITTED / "segments.json").read_text(encoding="utf-8"))
        if committed != summary:
            print("segments.json differs from corpora/kicad/segments.json", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
