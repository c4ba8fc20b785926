"""Injected-inconsistency benchmark: recall and precision of the term checks on a real corpus.

    python benchmarks/injected_inconsistency.py [--seed 7] [--injections 300] [--json]

Data: the English–Polish software messages of corpora/real (Django, Wagtail, allauth, Oscar,
Sphinx catalogues; see corpora/real/SOURCES.md), paired by their gold alignments (NAME.gold):
5,233 aligned pairs.

Known terms (``TERMS`` below): chosen by hand from frequent English nouns of these messages,
each with the Polish word the catalogues use for it (checked against the corpus by a separate
count, regex on the English and morfeusz2 lemmas on the Polish, reported as "consistency" for
each term: the share of pairs with the English term whose Polish has the preferred lemma), and
with a plausible other rendering a translator might have used instead (also chosen by hand).
Terms whose corpus consistency was under 0.9 were left out, since a glossary that contradicts
the corpus would measure the corpus, not the check.

Injection (the gold, made without tm's checks or term matcher): among pairs whose English has
the term (a word regex, plural allowed, not counting placeholder names such as "%(product)s"; a
word regex's \b also keeps "css_file" from counting as "file") and whose Polish has a word with the preferred lemma
(morfeusz2 analysis), a seeded random sample is drawn, at most one term per pair; in each, every
word with the preferred lemma is replaced by the other rendering in the same number and case
(morfeusz2.generate; a multi-word rendering inflects its first word, the genitive after it stays),
keeping capitalisation. Gold = the (pair, term) of every injection.

Two corpora, both reported:

- clean (the headline figures): the real pairs without the ones where the unmodified corpus
  already deviates from a known term (the oracle below, run before any injection: its typos
  "haslo", "proukt", omissions, "promocja" for "offer"; ``--list-own`` prints them for
  review). Injected into it, the injections are the only deviations the oracle knows of, so every
  other finding is a false alarm: strict precision measures the check, not the corpus.
- full: every real pair, with its own deviations left in; strict precision then also counts
  the corpus's real deviations as wrong, and is reported beside the oracle's judgement.

Scoring: a prediction is a (pair, term) with a term-check finding (glossary-term, forbidden-term,
deprecated-term, term-inconsistency) for a known term. Two judges:

- injected (strict): only the injections are right. Findings the unmodified corpus already
  raises (its own typos such as "haslo", omissions, other renderings) count as wrong; they are
  also reported on their own ("on the unmodified corpus"), with the precision of the new ones.
- oracle: a finding is right when the pair has the English term and its Polish has no word with
  the preferred lemma (the same regex and morfeusz2 test that chose the injection candidates,
  independent of tm's matcher). Recall against the oracle covers the corpus's own deviations.

Modes:

- ``glossary``: the known terms as a glossary (preferred renderings only), no term base;
- ``glossary+termbase``: the glossary plus a term base extracted from the corpus in memory;
- ``no glossary``: the term base alone, the majority rendering of each term proposed;
- ``literal baseline``: what string-based tools do (Xbench, Weblate's glossary check): the
  glossary rendering must appear in the target as a lower-cased substring.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.check import TERM_CHECKS, KeepList, Pair, TermIndex, build_index, check_pairs  # noqa: E402
from tm.align.evaluate import gold_pairs  # noqa: E402

CORPUS = ROOT / "corpora" / "real"

# english term: (preferred Polish lemma, other rendering as a lemma or "head complement")
TERMS = {
    "page": ("strona", "podstrona"),
    "product": ("produkt", "towar"),
    "password": ("hasło", "kod dostępu"),
    "address": ("adres", "lokalizacja"),
    "date": ("data", "termin"),
    "account": ("konto", "rachunek"),
    "document": ("dokument", "pismo"),
    "error": ("błąd", "pomyłka"),
    "permission": ("uprawnienie", "zezwolenie"),
    "comment": ("komentarz", "uwaga"),
    "partner": ("partner", "kontrahent"),
    "category": ("kategoria", "dział"),
    "offer": ("oferta", "propozycja"),
    "draft": ("szkic", "brudnopis"),
    "session": ("sesja", "posiedzenie"),
    "collection": ("kolekcja", "zbiór"),
    "file": ("plik", "załącznik"),
}


def real_pairs() -> list[Pair]:
    return [Pair(f"{name}#{bead[0][0]}", en, pl) for name, bead, en, pl in gold_pairs(CORPUS)]


# -- the gold: independent of tm.check and tm.terms ------------------------------------------------

_morfeusz = None


def morfeusz():
    global _morfeusz
    if _morfeusz is None:
        import morfeusz2

        _morfeusz = morfeusz2.Morfeusz()
    return _morfeusz


def readings(word: str) -> list[tuple[str, str]]:
    """(lemma, tag) of every morfeusz2 reading of ``word`` as one token."""
    return _readings(word)


@functools.lru_cache(maxsize=None)
def _readings(word: str) -> list[tuple[str, str]]:
    return [(lemma.split(":")[0].lower(), tag) for start, _end, (_f, lemma, tag, _n, _l) in morfeusz().analyse(word) if start == 0]


# printf and format placeholders: "%(product)s" names a value, it is not the English word
_PLACEHOLDER_NAME = re.compile(r"%\([^)]*\)[a-zA-Z]|\{[^{}]*\}")


def english_has(term: str, text: str) -> bool:
    text = _PLACEHOLDER_NAME.sub(" ", text)
    return re.search(rf"\b{re.escape(term)}(?:s|es)?\b", text, re.I) is not None


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def polish_hits(lemma: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of words in ``text`` with a reading of ``lemma``."""
    hits = []
    for m in _WORD.finditer(text):
        for lem, tag in readings(m.group()):
            if lem == lemma and tag.startswith("subst"):
                hits.append((m.start(), m.end(), tag))
                break
    return hits


def _fields(tag: str) -> tuple[set[str], set[str]]:
    parts = tag.split(":")
    return set(parts[1].split(".")), set(parts[2].split("."))


def inflect(lemma: str, like_tag: str) -> str | None:
    """A form of noun ``lemma`` in the number and case of ``like_tag``."""
    number, case = _fields(like_tag)
    try:
        forms = morfeusz().generate(lemma)
    except RuntimeError:
        return None
    for form, _lem, tag, _n, labels in forms:
        if not tag.startswith("subst") or labels:
            continue
        n, c = _fields(tag)
        if n & number and c & case:
            return form
    return None


def match_case(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


def inject(pairs: list[Pair], seed: int, count: int) -> tuple[list[Pair], set[tuple[str, str]], dict]:
    """Replace the preferred rendering of one known term in ``count`` seeded random pairs."""
    candidates = []
    for n, p in enumerate(pairs):
        for term, (preferred, _other) in TERMS.items():
            if english_has(term, p.source) and polish_hits(preferred, p.target):
                candidates.append((n, term))
    rng = random.Random(seed)
    rng.shuffle(candidates)
    out = list(pairs)
    gold: set[tuple[str, str]] = set()
    used: set[int] = set()
    skipped = 0
    for n, term in candidates:
        if len(gold) >= count:
            break
        if n in used:
            continue
        preferred, other = TERMS[term]
        head, *rest = other.split()
        text = out[n].target
        new, pos, ok = [], 0, True
        for start, end, tag in polish_hits(preferred, text):
            form = inflect(head, tag)
            if form is None:
                ok = False
                break
            new.append(text[pos:start])
            new.append(" ".join([match_case(form, text[start:end])] + rest))
            pos = end
        if not ok or not new:
            skipped += 1
            continue
        new.append(text[pos:])
        out[n] = Pair(out[n].id, out[n].source, "".join(new))
        gold.add((out[n].id, term))
        used.add(n)
    stats = {"candidates": len(candidates), "injected": len(gold), "skipped_no_form": skipped}
    return out, gold, stats


def consistency(pairs: list[Pair]) -> dict[str, dict]:
    out = {}
    for term, (preferred, _o) in TERMS.items():
        with_term = [p for p in pairs if english_has(term, p.source)]
        rendered = sum(1 for p in with_term if polish_hits(preferred, p.target))
        out[term] = {"pairs": len(with_term), "consistency": round(rendered / max(len(with_term), 1), 3)}
    return out


# -- running the check ---------------------------------------------------------------------------


def glossary_file(directory: Path) -> Path:
    path = directory / "known-terms.tsv"
    lines = ["# tm glossary: source=en target=pl"]
    lines += [f"{term}\t{preferred}\tpreferred" for term, (preferred, _o) in TERMS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def predictions(pairs: list[Pair], mode: str, glossary: Path) -> tuple[set[tuple[str, str]], float]:
    from tm.check import load_glossary_entries

    start = time.perf_counter()
    entries = load_glossary_entries(glossary, "en", "pl") if mode != "no glossary" else []
    if mode == "glossary":
        index = TermIndex(entries, "en", "pl")
    else:
        index = build_index(pairs, "en", "pl", entries)
    report = check_pairs(pairs, "en", "pl", terms=index, keep=KeepList(), checks=TERM_CHECKS)
    elapsed = time.perf_counter() - start
    known = set(TERMS)
    found = {(sid, f.term.lower()) for f in report.findings if f.term and f.term.lower() in known for sid in f.segment_ids}
    return found, elapsed


def literal_predictions(pairs: list[Pair]) -> tuple[set[tuple[str, str]], float]:
    start = time.perf_counter()
    found = set()
    for p in pairs:
        low = p.target.lower()
        for term, (preferred, _o) in TERMS.items():
            if english_has(term, p.source) and preferred not in low:
                found.add((p.id, term))
    return found, time.perf_counter() - start


def deviations(pairs: list[Pair]) -> set[tuple[str, str]]:
    """The independent oracle: (pair, term) where the English has the term and the Polish has
    no word with its preferred lemma. Every injection is one; so are the corpus's own typos
    ("haslo"), omissions and other renderings ("promocja" for "offer")."""
    return {
        (p.id, term)
        for p in pairs
        for term, (preferred, _o) in TERMS.items()
        if english_has(term, p.source) and not polish_hits(preferred, p.target)
    }


def ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score(found: set, gold: set, baseline: set, oracle: set) -> dict:
    """``gold``: the injections; ``baseline``: findings on the unmodified corpus; ``oracle``:
    every pair the oracle calls a deviation (injections included)."""
    tp = len(found & gold)
    new = found - baseline
    return {
        "findings": len(found),
        "true_positives": tp,
        # strict: every finding that is not an injection is wrong, the corpus's own deviations too
        "precision": ratio(tp, len(found)),
        "recall": ratio(tp, len(gold)),
        "baseline_findings": len(baseline),
        "precision_new_findings_only": ratio(len(new & gold), len(new)),
        # against the oracle: a finding is right when the pair really lacks the glossary rendering
        "precision_oracle": ratio(len(found & oracle), len(found)),
        "recall_oracle": ratio(len(found & oracle), len(oracle)),
        "oracle_deviations": len(oracle),
    }


def run(pairs: list[Pair], seed: int, injections: int, modes: list[str], glossary: Path, label: str, quiet: bool) -> dict:
    injected, gold, stats = inject(pairs, seed, injections)
    oracle = deviations(injected)
    results = {"pairs": len(pairs), **stats, "oracle_deviations": len(oracle), "modes": {}}
    for mode in modes:
        if mode == "literal baseline":
            base, _ = literal_predictions(pairs)
            found, secs = literal_predictions(injected)
        else:
            base, _ = predictions(pairs, mode, glossary)
            found, secs = predictions(injected, mode, glossary)
        r = results["modes"][mode] = {**score(found, gold, base, oracle), "seconds": round(secs, 2)}
        if not quiet:
            print(
                f"{label:5s} {mode:18s} injected: recall {r['recall']:.3f} precision {r['precision']:.3f} "
                f"(new findings only {r['precision_new_findings_only']:.3f}) | oracle: precision "
                f"{r['precision_oracle']:.3f} recall {r['recall_oracle']:.3f} | findings {r['findings']}, "
                f"on the unmodified corpus {r['baseline_findings']} | {r['seconds']} s",
                flush=True,
            )
    if not quiet:
        print(
            f"{label:5s} {len(pairs)} pairs, {stats['injected']} injections (seed {seed}) among "
            f"{stats['candidates']} candidate (pair, term)s; {stats['skipped_no_form']} skipped (no form); "
            f"the oracle counts {len(oracle)} deviations in the injected corpus",
            flush=True,
        )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--injections", type=int, default=300)
    ap.add_argument("--modes", default="glossary,glossary+termbase,no glossary,literal baseline")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--list-own", action="store_true", help="list the unmodified corpus's own deviations and stop")
    args = ap.parse_args()

    pairs = real_pairs()
    own = deviations(pairs)  # before any injection
    if args.list_own:
        target = {p.id: p.target for p in pairs}
        for pid, term in sorted(own):
            print(f"{pid}\t{term}\t{TERMS[term][0]}\t{target[pid]}")
        return
    own_pairs = {pid for pid, _term in own}
    clean = [p for p in pairs if p.id not in own_pairs]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    results = {
        "corpus_pairs": len(pairs),
        "own_deviations": len(own),
        "pairs_with_own_deviations": len(own_pairs),
        "seed": args.seed,
        "terms": consistency(pairs),
        "corpora": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        glossary = glossary_file(Path(tmp))
        if not args.json:
            print(
                f"{len(pairs)} real pairs; the oracle finds {len(own)} deviations of their own in "
                f"{len(own_pairs)} pairs, left out of the clean corpus ({len(clean)} pairs)"
            )
        for label, corpus in (("clean", clean), ("full", pairs)):
            results["corpora"][label] = run(corpus, args.seed, args.injections, modes, glossary, label, args.json)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
