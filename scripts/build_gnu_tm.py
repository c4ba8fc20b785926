#!/usr/bin/env python3
"""Build a real English-Polish translation memory from the Polish message catalogues in
Debian packages, by importing them with ``tm import`` — the importer's real-data check.

    python scripts/build_gnu_tm.py              # download (once), import, report
    python scripts/build_gnu_tm.py --json       # the report as JSON

What it does
  1. ``apt-get download`` the packages below into ``corpora/real/cache/downloads/debs/``
     (shared with ``scripts/build_real_corpus.py --gnu``; files already there are reused)
     and ``dpkg-deb -x`` each into a temporary folder;
  2. copies every ``usr/share/locale/pl/LC_MESSAGES/*.mo`` to
     ``corpora/real/cache/gnu-tm/mo/PACKAGE--DOMAIN.mo`` (a domain shipped by two packages
     is taken once, from the first);
  3. imports all of them into a fresh ``corpora/real/cache/gnu-tm/gnu.db`` with
     ``tm.exchange.import_files`` (the library call behind ``tm import``), timing it;
  4. writes that memory as TMX (``gnu-pl.tmx``; characters XML cannot hold, such as
     bash's bell, stripped) and imports the TMX into a second fresh
     database (``gnu-from-tmx.db``), timing that too: the same real pairs through the TMX
     reader.

Licences: the catalogues are GPL (GNU tools, glibc, util-linux, dpkg, apt); everything
derived from them stays under ``corpora/real/cache/`` which is git-ignored, and is never
committed. Figures printed here are quoted in docs/import.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "corpora" / "real" / "cache"
DEBS = CACHE / "downloads" / "debs"
OUT = CACHE / "gnu-tm"

# GNU tools (the list scripts/build_real_corpus.py uses), then other core packages whose
# Polish catalogues come from the Translation Project or the package's own translators.
PACKAGES = [
    "coreutils", "tar", "grep", "sed", "findutils", "diffutils", "gettext", "gettext-base",
    "wget", "make", "gawk", "cpio", "bash", "bison", "m4",
    "libc-l10n", "util-linux-locales", "dpkg", "apt", "nano", "parted",
]


def fetch(package: str, debs: Path = DEBS) -> Path | None:
    """The newest cached .deb of ``package`` in ``debs``, downloaded with apt-get when missing."""
    debs.mkdir(parents=True, exist_ok=True)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        run = subprocess.run(["apt-get", "download", "-q", package], cwd=debs, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"  {package}: apt-get download failed: {run.stderr.strip()[:200]}", file=sys.stderr)
            return None
        found = sorted(debs.glob(f"{package}_*.deb"))
    return found[-1] if found else None


def collect() -> tuple[list[Path], list[dict]]:
    mo_dir = OUT / "mo"
    if mo_dir.exists():
        shutil.rmtree(mo_dir)
    mo_dir.mkdir(parents=True)
    files, sources, domains = [], [], set()
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            deb = fetch(package)
            if deb is None:
                continue
            version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True,
                                     capture_output=True, text=True).stdout.strip()
            dest = Path(tmp) / package
            subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
            for mo in sorted((dest / "usr/share/locale/pl/LC_MESSAGES").glob("*.mo")):
                if mo.stem in domains:
                    continue
                domains.add(mo.stem)
                target = mo_dir / f"{package}--{mo.stem}.mo"
                shutil.copyfile(mo, target)
                files.append(target)
                sources.append({"package": package, "version": version, "deb": deb.name, "domain": mo.stem})
    return files, sources


def fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from tm.exchange import import_file, import_files
    from tm.formats.tmx import _INVALID_XML, write_tmx
    from tm.store import Memory

    files, sources = collect()
    if not files:
        print("no catalogues found (is apt-get download working?)", file=sys.stderr)
        return 1
    db = fresh(OUT / "gnu.db")
    started = time.monotonic()
    batch = import_files(db, files, keep_going=True, src_lang="en", tgt_lang="pl")
    seconds = time.monotonic() - started
    units = sum(r.units for r in batch.imported)
    with Memory(db) as memory:
        pairs = memory.db.execute("select count(*) from pairs").fetchone()[0]
        low = memory.db.execute("select count(*) from pairs where low_confidence").fetchone()[0]
    tmx = OUT / "gnu-pl.tmx"
    with Memory(db) as memory:
        stored = list(memory.units())
    # Some messages hold control characters (bash's "\a" bell) that XML 1.0 cannot carry:
    # TMX gets them stripped (XLIFF 2 would keep them as <cp>).
    with_controls = sum(1 for u in stored if _INVALID_XML.search(u.source + u.target))
    exported = write_tmx(stored, tmx, src_lang="en", invalid_chars="strip")
    db2 = fresh(OUT / "gnu-from-tmx.db")
    again = import_file(db2, tmx)
    report = {
        "packages": sorted({s["package"] for s in sources}),
        "catalogues": len(files),
        "refused": [str(e) for e in batch.refused],
        "mo_import": {
            "units_read": units,
            "pairs_stored": pairs,
            "low_confidence": low,
            "duplicates": sum(r.duplicates for r in batch.imported),
            "skipped": _sum_skipped(batch.imported),
            "seconds": round(seconds, 2),
            "units_per_second": round(units / seconds),
        },
        "tmx_reimport": {
            "file_bytes": tmx.stat().st_size,
            "units_exported": exported,
            "units_with_control_characters_stripped": with_controls,
            "units_read": again.units,
            "added": again.added,
            "duplicates": again.duplicates,
            "seconds": round(again.seconds, 2),
            "units_per_second": round(again.rate),
        },
        "sources": sources,
    }
    (OUT / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m, t = report["mo_import"], report["tmx_reimport"]
        print(f"{len(files)} Polish catalogues from {len(report['packages'])} packages -> {db}")
        print(f"  MO import: {m['units_read']:,} units read, {m['pairs_stored']:,} pairs stored "
              f"({m['duplicates']:,} duplicates, skipped {m['skipped']}), {m['seconds']} s, {m['units_per_second']:,} units/s")
        print(f"  TMX re-import: {t['units_read']:,} units ({t['file_bytes'] / 1e6:.1f} MB) in {t['seconds']} s, "
              f"{t['units_per_second']:,} units/s, {t['added']:,} added")
        if batch.refused:
            print(f"  refused: {len(batch.refused)}: " + "; ".join(report["refused"]))
    return 0


def _sum_skipped(results) -> dict[str, int]:
    total: dict[str, int] = {}
    for r in results:
        for k, v in r.skipped.items():
            total[k] = total.get(k, 0) + v
    return total


if __name__ == "__main__":
    sys.exit(main())
