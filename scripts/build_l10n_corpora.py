#!/usr/bin/env python3
"""Build English–Polish translation memories from the Polish message catalogues of desktop
projects packaged in Debian (GNOME, KDE, Xfce): real, professionally (team-) translated
software memories for measuring tm's checks at scale (issue #11's noise corpora).

    python scripts/build_l10n_corpora.py                  # all corpora
    python scripts/build_l10n_corpora.py --corpus gnome   # one (repeatable)
    python scripts/build_l10n_corpora.py --json           # the manifest as JSON on stdout

What it does, for each corpus (``CORPORA`` below: a name and a list of Debian binary packages)
  1. ``apt-get download`` every package (never installs) into
     ``corpora/l10n/cache/debs/`` (files already there are reused; run ``apt-get update``
     once first when apt has no package lists);
  2. extracts it (``dpkg-deb --fsys-tarfile | tar -x``, only the files below: what
     ``dpkg-deb -x`` would give) into a temporary folder, reads every
     ``usr/share/locale/pl/LC_MESSAGES/*.mo`` with polib (a gettext domain shipped by two
     packages is taken once, from the first in the list), and the licence lines
     (``License:`` fields of a DEP-5 ``usr/share/doc/PKG/copyright``);
  3. keeps every translated message: the English ``msgid`` and the Polish ``msgstr``
     (plural entries: ``msgid`` with ``msgstr[0]``, the form Polish uses for n = 1; a .mo
     file has no fuzzy or untranslated entries, and empty ones are skipped); drops the
     header, translator credits (``translator-credits``, KDE's ``NAME OF TRANSLATORS`` /
     ``EMAIL OF TRANSLATORS`` contexts) and messages with no letter on either side; text is
     NFC-normalised and otherwise kept exactly as the catalogue has it (accelerator markers
     such as ``_Plik`` or ``&Plik``, markup, placeholders and newlines included: a real
     memory has them);
  4. dedupes on (English, Polish) within the corpus, keeping the first occurrence in
     (package list order, domain name, msgid, msgctxt) order;
  5. writes ``corpora/l10n/cache/NAME.tmx`` (TMX 1.4, one ``<tu>`` per pair; its ``tuid``
     and ``x-context`` prop are the pair id ``NAME:DOMAIN:N``, which ``tm import`` keeps as
     the pair's context, so ``tm check`` reports it in ``segment_ids``) and
     ``corpora/l10n/cache/NAME.jsonl`` (one ``{"id", "source", "target", "package",
     "domain", "msgctxt"}`` per line), and ``corpora/l10n/cache/manifest.json``
     (packages, versions, sha256 of each .deb, licences, domains, counts);
  6. rewrites ``corpora/l10n/SOURCES.md`` from the manifest (metadata only).

Deterministic: packages in list order, domains and messages sorted, no clock; the same .deb
files give byte-identical output. About a minute with a warm apt cache.

Licences: the catalogues are GPL or LGPL (see SOURCES.md); the text derived from them is
never committed to this Apache-2.0 repository. Everything but SOURCES.md goes under
``corpora/l10n/cache/``, which is git-ignored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polib

from build_gnu_tm import fetch as fetch_deb  # the same apt-get download cache logic

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "corpora" / "l10n"
CACHE = OUT / "cache"
DEBS = CACHE / "debs"

# Each corpus is one translation team's work (GNOME's, KDE's and Xfce's Polish teams).
CORPORA: dict[str, list[str]] = {
    "gnome": [
        "nautilus-data", "gnome-control-center-data", "gnome-shell-common", "mutter-common",
        "gnome-settings-daemon-common", "gnome-session-common", "gedit-common", "gnome-text-editor",
        "evince-common", "eog", "gnome-terminal-data", "file-roller", "gnome-disk-utility", "baobab",
        "gnome-system-monitor", "gnome-calendar", "gnome-maps", "gnome-software-common",
        "gnome-contacts", "gnome-weather", "gnome-clocks", "gnome-calculator", "gnome-characters",
        "simple-scan", "cheese-common", "totem-common", "rhythmbox-data", "epiphany-browser-data",
    ],
    "kde": [
        "dolphin", "konsole", "okular", "gwenview", "ark", "kcalc", "systemsettings", "kdeconnect",
        "k3b-i18n", "kmail", "korganizer",
    ],
    "xfce": [
        "thunar-data", "xfce4-panel", "xfce4-settings", "xfce4-session", "xfwm4", "xfdesktop4-data",
        "xfce4-terminal", "xfce4-power-manager-data", "libxfce4ui-common", "xfce4-appfinder",
        "xfce4-notifyd", "xfce4-screenshooter", "xfce4-taskmanager", "mousepad", "ristretto",
        "parole", "catfish", "thunar-archive-plugin", "xfburn", "libexo-2-0", "libxfce4util-common",
        "libgarcon-common", "xfconf", "tumbler-common", "thunar-volman", "thunar-media-tags-plugin",
        "gigolo", "orage-data", "xfce4-dict", "lightdm-gtk-greeter", "xfce4-whiskermenu-plugin",
        "xfce4-pulseaudio-plugin", "xfce4-weather-plugin", "xfce4-sensors-plugin", "xfce4-xkb-plugin",
        "xfce4-battery-plugin", "xfce4-cpufreq-plugin", "xfce4-cpugraph-plugin", "xfce4-datetime-plugin",
        "xfce4-diskperf-plugin", "xfce4-fsguard-plugin", "xfce4-genmon-plugin", "xfce4-indicator-plugin",
        "xfce4-mailwatch-plugin", "xfce4-mount-plugin", "xfce4-netload-plugin", "xfce4-places-plugin",
        "xfce4-smartbookmark-plugin", "xfce4-systemload-plugin", "xfce4-timer-plugin", "xfce4-verve-plugin",
        "xfce4-wavelan-plugin",
    ],
}

MO_DIR = "usr/share/locale/pl/LC_MESSAGES"
_CREDITS_IDS = {"translator-credits", "translator_credits", "translator-credits:", "translators"}
_CREDITS_CTX = {"NAME OF TRANSLATORS", "EMAIL OF TRANSLATORS"}
_LETTER = re.compile(r"[^\W\d_]")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(package: str) -> Path | None:
    return fetch_deb(package, DEBS)


def licences(copyright_file: Path) -> list[str]:
    """The distinct ``License:`` short names of a DEP-5 copyright file (else keywords found)."""
    if not copyright_file.exists():
        return ["(no copyright file)"]
    text = copyright_file.read_text(encoding="utf-8", errors="replace")
    names = sorted({m.group(1).strip() for m in re.finditer(r"^License:[ \t]*(\S[^\n]*)$", text, re.M)})
    if names:
        return names
    found = []
    for key, label in (("GNU Lesser General Public", "LGPL"), ("GNU Library General Public", "LGPL"),
                       ("GNU General Public", "GPL"), ("BSD", "BSD"), ("MIT", "MIT")):
        if key in text and label not in found:
            found.append(label)
    return found or ["(see copyright file)"]


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def messages(mo: Path) -> tuple[list[dict], dict[str, int]]:
    cat = polib.mofile(str(mo))
    out, skipped = [], {"header": 0, "credits": 0, "empty": 0, "no_letters": 0}
    for e in cat:
        if not e.msgid:
            skipped["header"] += 1
            continue
        if e.msgid.strip().lower() in _CREDITS_IDS or (e.msgctxt or "") in _CREDITS_CTX:
            skipped["credits"] += 1
            continue
        if e.msgid_plural:
            forms = e.msgstr_plural or {}
            target = forms.get(0, forms.get("0", ""))
        else:
            target = e.msgstr
        if not target or not target.strip():
            skipped["empty"] += 1
            continue
        source, target = norm(e.msgid), norm(target)
        if not _LETTER.search(source) or not _LETTER.search(target):
            skipped["no_letters"] += 1
            continue
        out.append({"source": source, "target": target, "msgctxt": e.msgctxt or ""})
    out.sort(key=lambda m: (m["source"], m["msgctxt"], m["target"]))
    return out, skipped


def build_corpus(name: str, packages: list[str], tmp: Path) -> dict:
    seen_domains: set[str] = set()
    seen_pairs: set[tuple[str, str]] = set()
    pairs: list[dict] = []
    manifest = {"corpus": name, "packages": [], "skipped": {}, "duplicates": 0}
    for package in packages:
        deb = fetch(package)
        if deb is None:
            manifest["packages"].append({"package": package, "error": "download failed"})
            continue
        version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True,
                                 capture_output=True, text=True).stdout.strip()
        dest = tmp / name / package
        dest.mkdir(parents=True)
        # dpkg-deb's data tar, but only the Polish catalogues and the copyright file (a full
        # ``dpkg-deb -x`` of the big KDE packages is slower and gives the same files)
        tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(dest), "--wildcards", "--no-wildcards-match-slash",
                        f"./{MO_DIR}/*.mo", f"./usr/share/doc/{package}/copyright"],
                       stdin=tar.stdout, stderr=subprocess.DEVNULL)
        tar.stdout.close()
        tar.wait()
        entry = {"package": package, "version": version, "deb": deb.name, "sha256": sha256(deb),
                 "licences": licences(dest / "usr/share/doc" / package / "copyright"), "domains": []}
        for mo in sorted((dest / MO_DIR).glob("*.mo")):
            domain = mo.stem
            if domain in seen_domains:
                continue
            seen_domains.add(domain)
            msgs, skipped = messages(mo)
            for k, v in skipped.items():
                manifest["skipped"][k] = manifest["skipped"].get(k, 0) + v
            kept = 0
            for m in msgs:
                key = (m["source"], m["target"])
                if key in seen_pairs:
                    manifest["duplicates"] += 1
                    continue
                seen_pairs.add(key)
                kept += 1
                pairs.append({"id": f"{name}:{domain}:{kept}", "source": m["source"], "target": m["target"],
                              "package": package, "domain": domain, "msgctxt": m["msgctxt"]})
            entry["domains"].append({"domain": domain, "messages": len(msgs), "pairs": kept})
        manifest["packages"].append(entry)
    manifest["pairs"] = len(pairs)
    write_jsonl(pairs, CACHE / f"{name}.jsonl")
    write_tmx(pairs, CACHE / f"{name}.tmx")
    return manifest


def write_jsonl(pairs: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n")


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def write_tmx(pairs: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        f.write('<header creationtool="build_l10n_corpora.py" creationtoolversion="1" datatype="plaintext" '
                'segtype="sentence" adminlang="en" srclang="en" o-tmf="gettext"/>\n<body>\n')
        for p in pairs:
            f.write(f"<tu tuid={quoteattr(p['id'])}><prop type=\"x-context\">{_x(p['id'])}</prop>"
                    f"<tuv xml:lang=\"en\"><seg>{_x(p['source'])}</seg></tuv>"
                    f"<tuv xml:lang=\"pl\"><seg>{_x(p['target'])}</seg></tuv></tu>\n")
        f.write("</body>\n</tmx>\n")


def write_sources_md(manifests: list[dict]) -> None:
    lines = [
        "# corpora/l10n: English–Polish memories from GNOME, KDE and Xfce catalogues",
        "",
        "Built by `scripts/build_l10n_corpora.py` (how, in its docstring); this file is rewritten by",
        "it. Only this file is committed: the catalogues are GPL/LGPL, so the pairs (`NAME.tmx`,",
        "`NAME.jsonl`) and `manifest.json` (with the sha256 of every .deb) stay in the git-ignored",
        "`corpora/l10n/cache/`.",
        "",
        "```sh",
        "apt-get update   # once, when apt has no package lists",
        "python scripts/build_l10n_corpora.py",
        "```",
        "",
        "Noise measurement (issue #11: term-inconsistency warnings per 100 pairs, no glossary):",
        "",
        "```sh",
        "tm import corpora/l10n/cache/gnome.tmx --db gnome.db --src-lang en --tgt-lang pl",
        "tm check --db gnome.db --termbase build --check term-inconsistency --format json -o gnome.json",
        "```",
        "",
        "Pairs: translated messages (msgid, msgstr; plural: msgstr[0]), deduplicated on",
        "(English, Polish) within a corpus; text as in the catalogue (accelerators `_`/`&`, markup,",
        "placeholders, newlines kept). Copyright of the messages and translations stays with each",
        "project's authors and its Polish translation team.",
        "",
        "| corpus | packages | catalogues | pairs |",
        "|---|---|---|---|",
    ]
    for m in manifests:
        ok = [p for p in m["packages"] if "error" not in p]
        lines.append(f"| {m['corpus']} | {len(ok)} | {sum(len(p['domains']) for p in ok)} | {m['pairs']:,} |")
    for m in manifests:
        lines += ["", f"## {m['corpus']}", "",
                  f"{m['pairs']:,} pairs; {m['duplicates']:,} duplicate (English, Polish) messages dropped; skipped: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(m["skipped"].items())) + ".", "",
                  "| package | version | licences (copyright file) | Polish catalogues (pairs) |",
                  "|---|---|---|---|"]
        for p in m["packages"]:
            if "error" in p:
                lines.append(f"| {p['package']} | — | — | {p['error']} |")
                continue
            doms = ", ".join(f"{d['domain']} ({d['pairs']})" for d in p["domains"]) or "none"
            lic = ", ".join(p["licences"])
            if len(lic) > 120:
                lic = lic[:117] + "…"
            lines.append(f"| {p['package']} | {p['version']} | {lic} | {doms} |")
    (OUT / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="build only this corpus (repeatable)")
    ap.add_argument("--json", action="store_true", help="print the manifest as JSON")
    args = ap.parse_args(argv)
    names = args.corpus or list(CORPORA)
    CACHE.mkdir(parents=True, exist_ok=True)
    manifests = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            m = build_corpus(name, CORPORA[name], Path(tmp))
            manifests.append(m)
            if not args.json:
                print(f"{name}: {m['pairs']:,} pairs from {len(m['packages'])} packages -> {CACHE / (name + '.tmx')}",
                      flush=True)
    (CACHE / "manifest.json").write_text(json.dumps(manifests, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.corpus:
        write_sources_md(manifests)
    if args.json:
        print(json.dumps(manifests, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
