"""Gold generator for the harder injected-term benchmark (issue #11): sloppy-translator term
substitutions, inflected, in a real English–Polish memory.

    python benchmarks/injected_terms.py --out DIR [--seed 11] [--injections 400] [--corpora real,gnu]
    python benchmarks/injected_terms.py --consistency      # each term's consistency in the corpus

Who made the gold, and how (independent of tm's code)
-----------------------------------------------------
The term list ``benchmarks/data/inject-terms.tsv`` was written by hand (a tm developer, for
issue #11), by reading the corpora: for each English term, the Polish rendering the catalogues
use (checked with ``--consistency``: regex on the English, morfeusz2 lemmas on the Polish; only
terms at least 0.90 consistent were kept, so a glossary of them agrees with the corpus) and a
*wrong synonym* of the kind sloppy translators use ("dowiązanie symboliczne" -> "link
symboliczny", "wiersz poleceń" -> "linia komend", "hasło" -> "kod dostępu"). Each term has a
split, ``tuning`` or ``heldout``, fixed in the file: tune on the one, report on the other.

This script makes the injections and the gold with nothing but ``re``, morfeusz2 (analyse and
generate) and the term list. It imports nothing from ``tm`` (no matcher, no checks, no
readers), so the gold cannot share tm's mistakes:

1. Pairs: corpora/real (committed) and, with ``--corpora real,gnu``, the GNU catalogues of
   ``scripts/build_real_corpus.py --gnu`` (corpora/real/cache/gnu/, git-ignored), read from the
   ``NAME.en.txt``/``NAME.pl.txt``/``NAME.gold`` files by this script's own reader (a bead's
   lines joined by a space; pair id ``NAME#FIRST_EN_LINE``, as tm's benchmarks name them); or an
   l10n corpus from scripts/build_l10n_corpora.py (``--corpora xfce`` etc., JSONL, with ids
   ``CORPUS:DOMAIN:N``; accelerator markers are kept, so a word with one is simply not matched).
2. English: a term occurs where a word regex finds it (case-insensitive, last word plural
   allowed: -s, -es, -y/-ies; placeholder names such as ``%(file)s`` and ``{file}`` removed
   first; a match written in capitals, a metavariable of help text such as ``FILE`` or
   ``FILEs``, or inside an option name or a variable, ``--target-directory``, ``$FILE``, is
   no occurrence: issue #11 asks that text which is not prose is not checked for terms).
   Polish: the preferred rendering occurs where consecutive words have morfeusz2
   readings with the rendering's lemmas (the head as a noun or gerund, adjectives as
   adjectives or participles).
3. Own deviations: a pair whose English has a term while its Polish has fewer occurrences of
   the preferred rendering than the English has of the term is a deviation of the corpus itself
   (typos, paraphrases, omissions). Those pairs are left out ("clean corpus"), so that the
   injections are the only deviations the oracle knows of.
4. Injection: candidates are (pair, term) where the English has the term and the Polish the
   preferred rendering as often; a seeded sample (at most one term per pair; stratified so that
   about half are in a case other than the nominative, and multi-word terms get their share)
   has its preferred rendering replaced by the wrong synonym:
   - case and number come from the replaced head word's morfeusz2 readings, narrowed by the
     agreeing adjectives of the phrase, by a preposition right before it (``prep:gen`` etc.) and
     by the English (plural English -> plural Polish); what is left is recorded (``nom``,
     ``gen``, ``acc|nom`` when still ambiguous: nominative counts only when it is possible);
   - the synonym's head noun is generated (``morfeusz2.generate``) in that case and number; its
     adjectives in that case, number and *the synonym head's gender*; its other words (a
     genitive complement such as "dostępu" in "kod dostępu") stay as written;
   - an adjective or participle right before or after the phrase that agrees with the old head
     (case, number and gender) is re-inflected to the new head's gender ("Nowe hasło" ->
     "Nowy kod dostępu"); ``gender_changed`` is set when the head's gender changes;
   - capitalisation of each replaced word is kept;
   - keep-elsewhere: when the English has the term twice or more and the Polish the preferred
     rendering as often, about half of such injections replace only one occurrence, so the pair
     still has the preferred rendering elsewhere (``keeps_preferred_elsewhere``);
   - if any form cannot be generated, the candidate is skipped.
5. The gold is every injected (pair id, English term) with the injected text, the preferred
   rendering, case, and the flags. The split is the term's.

Outputs (``--out DIR``): ``pairs.jsonl`` (the modified clean corpus: ``{"id", "source",
"target"}``), ``pairs.tmx`` (the same for ``tm import``; ``tuid`` = pair id), ``gold.jsonl``,
``glossary.tsv`` (tm's glossary format: the preferred renderings), ``stats.json``; the
composition statistics are printed.

Known limits: one annotator chose terms and synonyms; case disambiguation is local (the
preposition before the phrase), so the case label is sometimes ambiguous (``acc|nom``);
re-inflection reaches only the adjacent agreeing adjectives, not verbs or pronouns elsewhere in
the sentence ("Hasło zostało zmienione" -> "Kod dostępu zostało zmienione" stays ungrammatical).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
TERMS_FILE = ROOT / "benchmarks" / "data" / "inject-terms.tsv"
REAL = ROOT / "corpora" / "real"
GNU = REAL / "cache" / "gnu"
L10N = ROOT / "corpora" / "l10n" / "cache"

CASES = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")
NOUN = ("subst", "ger")
ADJ = ("adj", "ppas", "pact")

# -- corpora ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    id: str
    source: str
    target: str


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1] if path.stat().st_size else []


def gold_folder_pairs(folder: Path) -> list[Pair]:
    out = []
    for gold in sorted(folder.glob("*.gold")):
        name = gold.name[: -len(".gold")]
        en, pl = _lines(folder / f"{name}.en.txt"), _lines(folder / f"{name}.pl.txt")
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            left, right = line.split(":")
            src, tgt = json.loads(left), json.loads(right)
            if src and tgt:
                out.append(Pair(f"{name}#{src[0]}", " ".join(en[i] for i in src), " ".join(pl[j] for j in tgt)))
    return out


def load_corpora(names: list[str]) -> list[Pair]:
    pairs: list[Pair] = []
    for name in names:
        if name == "real":
            pairs += gold_folder_pairs(REAL)
        elif name == "gnu":
            if not GNU.exists():
                sys.exit("corpora/real/cache/gnu/ is missing: run python scripts/build_real_corpus.py --gnu")
            pairs += gold_folder_pairs(GNU)
        else:
            path = L10N / f"{name}.jsonl"
            if not path.exists():
                sys.exit(f"{path} is missing: run python scripts/build_l10n_corpora.py")
            for line in path.read_text(encoding="utf-8").splitlines():
                d = json.loads(line)
                pairs.append(Pair(d["id"], d["source"], d["target"]))
    return pairs


# -- morfeusz2 -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def morfeusz():
    import morfeusz2

    return morfeusz2.Morfeusz()


@functools.lru_cache(maxsize=None)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """(lemma, tag) of every reading of ``word`` as one token (lemma without ":Sm1"-style marks)."""
    out = []
    for start, end, (_f, lemma, tag, _n, _q) in morfeusz().analyse(word):
        if start == 0:
            out.append((lemma.split(":")[0].lower(), tag))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def forms(lemma: str) -> tuple[tuple[str, str, tuple[str, ...], int], ...]:
    """(form, tag, qualifiers, paradigm size) of every form morfeusz2 generates for ``lemma``;
    the paradigm size (distinct forms of that homonym, "pas:Sm3" vs the indeclinable "pas")
    lets the declined homonym win."""
    try:
        gen = morfeusz().generate(lemma)
    except RuntimeError:
        return ()
    size = Counter()
    seen = set()
    for f, full, _t, _n, _q in gen:
        if (f, full) not in seen:
            seen.add((f, full))
            size[full] += 1
    return tuple((f, tag, tuple(q), size[full]) for f, full, tag, _n, q in gen)


def pos(tag: str) -> str:
    return tag.split(":")[0]


def fields(tag: str) -> tuple[set[str], set[str], set[str]]:
    """number, case, gender sets of a noun/adjective tag."""
    p = tag.split(":")
    return set(p[1].split(".")), set(p[2].split(".")), set(p[3].split(".")) if len(p) > 3 else set()


def prep_cases(word: str) -> set[str]:
    out: set[str] = set()
    for _l, tag in readings(word.lower()):
        if pos(tag) == "prep":
            out |= set(tag.split(":")[1].split("."))
    return out


def match_case(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


# -- terms -----------------------------------------------------------------------------------------


@dataclass
class Word:
    text: str  # as written in the term list (nominative)
    role: str  # head / adj / fixed
    lemmas: set[str]
    gender: str = ""  # head only


@dataclass
class Rendering:
    text: str
    words: list[Word]

    @property
    def head(self) -> Word:
        return next(w for w in self.words if w.role == "head")


@dataclass
class Term:
    english: list[str]  # alternatives
    preferred: Rendering
    wrong: Rendering
    split: str
    note: str = ""

    @property
    def name(self) -> str:
        return self.english[0]

    @property
    def multiword(self) -> bool:
        return len(self.english[0].split()) > 1 or len(self.preferred.words) > 1


def parse_rendering(text: str) -> Rendering:
    """Words of a nominative phrase: the first noun is the head (``*word`` marks another one),
    adjectives agree with it, ``=word`` stays as written, other words stay too."""
    raw = text.split()
    marked = any(w.startswith("*") for w in raw)
    words: list[Word] = []
    head_seen = False
    for w in raw:
        fixed, star = w.startswith("="), w.startswith("*")
        bare = w.lstrip("=*")
        rs = readings(bare.lower())
        noun = [(l, t) for l, t in rs if pos(t) in NOUN and "nom" in fields(t)[1]]
        adj = [(l, t) for l, t in rs if pos(t) in ADJ and "nom" in fields(t)[1]]
        if not fixed and not head_seen and noun and (star or not marked):
            sg = [(l, t) for l, t in noun if "sg" in fields(t)[0]] or noun
            plain = [(l, t) for l, t in sg if pos(t) == "subst"] or sg
            genders = set().union(*(fields(t)[2] for _l, t in plain))
            # an inanimate reading first ("typ" is m3 "type", not m1 "guy"; "kosz" m3)
            gender = next(g for g in ("m3", "f", "n", "m1", "m2") if g in genders)
            words.append(Word(bare, "head", {l for l, _t in noun}, gender))
            head_seen = True
        elif not fixed and adj:
            words.append(Word(bare, "adj", {l for l, _t in adj}))
        else:
            words.append(Word(bare, "fixed", {l for l, _t in rs} | {bare.lower()}))
    if not head_seen:
        raise ValueError(f"no head noun in {text!r}")
    return Rendering(text, words)


def load_terms(path: Path = TERMS_FILE) -> list[Term]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        english, preferred, wrong, split = cols[:4]
        note = cols[4] if len(cols) > 4 else ""
        terms.append(Term([e.strip() for e in english.split("|")], parse_rendering(preferred),
                          parse_rendering(wrong), split.strip(), note))
    return terms


# -- English -------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\([^)]*\)[a-zA-Z]|\{[^{}]*\}|%\d*\$?[-#0 +']*\d*(?:\.\d+)?[a-zA-Z]")


def _english_regex(alt: str) -> str:
    words = alt.split()
    last = words[-1]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        last_re = re.escape(last[:-1]) + r"(?:y|ies)"
    else:
        last_re = re.escape(last) + r"(?:s|es)?"
    return r"\b" + r"[\s-]+".join([re.escape(w) for w in words[:-1]] + [last_re]) + r"\b"


@functools.lru_cache(maxsize=None)
def english_pattern(alts: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{_english_regex(a)})" for a in alts), re.I)


def english_hits(term: Term, text: str) -> list[re.Match]:
    """Occurrences of the term in prose: not a metavariable of help text written in capitals
    ("FILE", "FILEs"), not inside an option name or a variable ("--target-directory",
    "$FILE"): issue #11 asks that such text is not checked for terms, so it is no term use."""
    clean = _PLACEHOLDER.sub(" ", text)
    return [m for m in english_pattern(tuple(term.english)).finditer(clean) if not _not_prose(m, clean)]


def _not_prose(m: re.Match, text: str) -> bool:
    word = m.group()
    letters = word[:-1] if word.endswith("s") and not word.isupper() else word
    if len(letters) > 1 and letters.isupper():
        return True
    chunk = text[: m.start()].rsplit(None, 1)[-1] if text[: m.start()].strip() else ""
    if text[m.start() - 1 : m.start()] in ("-", "$", "_") and chunk.lstrip("[(<").startswith(("-", "$")):
        return True
    return text[m.start() - 1 : m.start()] in ("$",)


def english_plural(term: Term, text: str) -> bool:
    hits = english_hits(term, text)
    return bool(hits) and all(re.search(r"(?:s|es|ies)$", m.group(), re.I) and not
                              any(m.group().lower() == a.lower() for a in term.english) for m in hits)


# -- Polish ----------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class Hit:
    spans: list[tuple[int, int]]  # one per rendering word
    head_tags: list[str]  # readings of the head that agree with the phrase's adjectives
    start: int
    end: int


def _word_ok(w: Word, token: str) -> list[str]:
    out = []
    for lemma, tag in readings(token.lower()):
        if lemma not in w.lemmas and token.lower() not in w.lemmas:
            continue
        p = pos(tag)
        if w.role == "head" and p in NOUN:
            out.append(tag)
        elif w.role == "adj" and p in ADJ:
            out.append(tag)
        elif w.role == "fixed":
            out.append(tag)
    return out


def agree(noun_tag: str, adj_tag: str) -> bool:
    n1, c1, g1 = fields(noun_tag)
    n2, c2, g2 = fields(adj_tag)
    return bool(n1 & n2 and c1 & c2 and g1 & g2)


def polish_hits(r: Rendering, text: str) -> list[Hit]:
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    hits = []
    n = len(r.words)
    i = 0
    while i + n <= len(tokens):
        tags = [_word_ok(w, tokens[i + k][2]) for k, w in enumerate(r.words)]
        if all(tags):
            h = r.words.index(r.head)
            head_tags = [t for t in tags[h] if all(
                any(agree(t, a) for a in tags[k]) for k, w in enumerate(r.words) if w.role == "adj")]
            if head_tags:
                spans = [(tokens[i + k][0], tokens[i + k][1]) for k in range(n)]
                hits.append(Hit(spans, head_tags, spans[0][0], spans[-1][1]))
                i += n
                continue
        i += 1
    return hits


# -- inflection ------------------------------------------------------------------------------------


def _prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.lower(), b.lower()):
        if x != y:
            break
        n += 1
    return n


def pick(lemma: str, want_pos: tuple[str, ...], number: str, case: str, gender: str | None,
         like_degree: str = "pos", like: str = "") -> str | None:
    best = None
    for order, (form, tag, quals, size) in enumerate(forms(lemma)):
        if pos(tag) not in want_pos:
            continue
        n, c, g = fields(tag)
        if number not in n or case not in c or (gender and gender not in g):
            continue
        if pos(tag) in ADJ and like_degree not in tag.split(":") and pos(tag) == "adj":
            continue
        if pos(tag) in ADJ and ":neg" in tag:
            continue
        # masculine inanimate genitive singular: "-u" where morfeusz2 admits both (parametru,
        # folderu: the usual forms in software Polish)
        gen_a = case == "gen" and number == "sg" and form.endswith("a") and pos(tag) == "subst"
        # a re-inflected neighbour keeps its variant: "swojego" -> "swojej", not "swej"
        score = (any("pot." in q or "przest." in q or "daw." in q for q in quals), -size, gen_a,
                 -_prefix(form, like), order)
        if best is None or score < best[0]:
            best = (score, form)
    return best[1] if best else None


def render(r: Rendering, number: str, case: str, like: list[str]) -> str | None:
    """The rendering in ``number`` and ``case``; ``like`` = the replaced words (for capitals)."""
    out = []
    g = r.head.gender
    for k, w in enumerate(r.words):
        if w.role == "head":
            form = pick(next(iter(sorted(w.lemmas, key=lambda l: l != w.text.lower()))), NOUN[:1], number, case, g) \
                or pick(w.text.lower(), NOUN, number, case, g)
        elif w.role == "adj":
            lemma = sorted(w.lemmas)[0]
            form = pick(lemma, ("adj",), number, case, g)
        else:
            form = w.text
        if form is None:
            return None
        ref = like[k] if k < len(like) else (like[-1] if k == 0 else "")
        out.append(match_case(form, ref) if ref and k == 0 or (ref and ref.isupper() and len(ref) > 1) else form)
    return " ".join(out)


# -- candidates and injection ----------------------------------------------------------------------


def count_deviations(pairs: list[Pair], terms: list[Term]) -> dict[str, list[str]]:
    """pair id -> terms whose preferred rendering is missing (fewer than the English has)."""
    out: dict[str, list[str]] = {}
    for p in pairs:
        for t in terms:
            ne = len(english_hits(t, p.source))
            if ne and len(polish_hits(t.preferred, p.target)) < min(ne, 1 if ne == 1 else ne):
                # counted: each English occurrence needs one Polish one (a repeated English term
                # rendered once, or by a pronoun, is a deviation of the corpus, left out)
                out.setdefault(p.id, []).append(t.name)
    return out


def consistency(pairs: list[Pair], terms: list[Term]) -> dict[str, dict]:
    out = {}
    for t in terms:
        with_term = [p for p in pairs if english_hits(t, p.source)]
        ok = sum(1 for p in with_term if polish_hits(t.preferred, p.target))
        out[t.name] = {"pairs": len(with_term), "rendered": ok, "consistency": round(ok / max(len(with_term), 1), 3),
                       "split": t.split, "multiword": t.multiword}
    return out


@dataclass
class Injection:
    pair: Pair
    term: Term
    new_target: str
    injected: str  # the injected text (first replaced occurrence)
    case: str
    number: str
    gender_changed: bool
    keeps_elsewhere: bool
    reinflected_neighbours: int = 0


def _narrow(hit: Hit, text: str, plural: bool | None) -> tuple[str, list[str]]:
    """number and the possible cases of a hit."""
    tags = hit.head_tags
    numbers = set().union(*(fields(t)[0] for t in tags))
    if plural is not None and len(numbers) > 1:
        want = "pl" if plural else "sg"
        if want in numbers:
            numbers = {want}
    number = "sg" if "sg" in numbers else sorted(numbers)[0]
    cases = set().union(*(fields(t)[1] for t in tags if number in fields(t)[0]))
    cases.discard("voc") if len(cases) > 1 else None
    before = list(_WORD.finditer(text[: hit.start]))
    if before:
        pc = prep_cases(before[-1].group())
        if not pc and len(before) > 1 and any(pos(t) in ADJ for _l, t in readings(before[-1].group().lower())):
            pc = prep_cases(before[-2].group())
        if pc and cases & pc:
            cases &= pc
    return number, [c for c in CASES if c in cases]


def _neighbour_adjs(text: str, hit: Hit, old_tags: list[str]) -> list[tuple[int, int, str]]:
    """Adjacent adjectives/participles (just before or after the phrase) that agree with the head."""
    out = []
    toks = list(_WORD.finditer(text))
    idx_start = next(i for i, m in enumerate(toks) if m.start() == hit.start)
    idx_end = next(i for i, m in enumerate(toks) if m.end() == hit.end)
    for j in (idx_start - 1, idx_end + 1):
        if 0 <= j < len(toks):
            # only directly adjacent (a space between, no punctuation)
            gap = text[toks[j].end(): hit.start] if j < idx_start else text[hit.end: toks[j].start()]
            if gap.strip():
                continue
            for lemma, tag in readings(toks[j].group().lower()):
                if pos(tag) in ADJ and any(agree(t, tag) for t in old_tags):
                    out.append((toks[j].start(), toks[j].end(), lemma))
                    break
    return out


def inject_one(p: Pair, t: Term, only_one: bool) -> Injection | None:
    hits = polish_hits(t.preferred, p.target)
    if not hits:
        return None
    plural = english_plural(t, p.source) if len(english_hits(t, p.source)) == 1 else None
    chosen = hits[:1] if only_one else hits
    text = p.target
    edits: list[tuple[int, int, str]] = []
    first = None
    gchange = t.preferred.head.gender != t.wrong.head.gender
    neighbours = 0
    for hit in chosen:
        number, cases = _narrow(hit, text, plural if len(hits) == 1 else None)
        if not cases:
            return None
        like = [text[a:b] for a, b in hit.spans]
        # generate for every possible case; all must be generable; the forms may differ when
        # the case is ambiguous: take the first in CASES order (nominative first)
        outs = {c: render(t.wrong, number, c, like) for c in cases}
        if any(v is None for v in outs.values()):
            return None
        new = outs[cases[0]]
        edits.append((hit.start, hit.end, new))
        if gchange:
            for a, b, lemma in _neighbour_adjs(text, hit, hit.head_tags):
                form = pick(lemma, ("adj", "ppas", "pact"), number, cases[0], t.wrong.head.gender, like=text[a:b])
                if form is None:
                    return None
                edits.append((a, b, match_case(form, text[a:b])))
                neighbours += 1
        if first is None:
            first = (new, "|".join(cases), number)
    edits.sort()
    out, pos_ = [], 0
    for a, b, s in edits:
        out.append(text[pos_:a])
        out.append(s)
        pos_ = b
    out.append(text[pos_:])
    return Injection(p, t, "".join(out), first[0], first[1], first[2], gchange,
                     only_one and len(hits) > 1, neighbours)


def make(pairs: list[Pair], terms: list[Term], seed: int, count: int) -> tuple[list[Pair], list[Injection], dict]:
    own = count_deviations(pairs, terms)
    clean = [p for p in pairs if p.id not in own]
    rng = random.Random(seed)
    # candidates grouped by stratum: (multiword, nominative possible, multi-occurrence)
    cands: dict[tuple, list[tuple[int, Term, bool]]] = {}
    for n, p in enumerate(clean):
        for t in terms:
            ne = len(english_hits(t, p.source))
            if not ne:
                continue
            hits = polish_hits(t.preferred, p.target)
            if len(hits) < ne:
                continue
            multi = ne >= 2 and len(hits) >= 2
            for only_one in ((True, False) if multi else (False,)):
                inj = inject_one(p, t, only_one)
                if inj is None:
                    continue
                nom = "nom" in inj.case.split("|")
                cands.setdefault((t.multiword, nom, inj.keeps_elsewhere), []).append((n, t, only_one))
    for k in sorted(cands):
        cands[k].sort(key=lambda c: (clean[c[0]].id, c[1].name, c[2]))
        rng.shuffle(cands[k])
    # quotas: keep-elsewhere up to 8%; of the rest, 45% multi-word when available; 55% non-nominative
    quota: dict[tuple, int] = {}
    keep = sum(len(v) for k, v in cands.items() if k[2])
    k_keep = min(keep, max(1, count * 8 // 100))
    rest = count - k_keep
    multi_avail = sum(len(v) for k, v in cands.items() if k[0] and not k[2])
    n_multi = min(multi_avail, rest * 45 // 100)
    n_single = rest - n_multi
    for mw, n_mw in ((True, n_multi), (False, n_single)):
        nonnom = len(cands.get((mw, False, False), []))
        q_non = min(nonnom, (n_mw * 55 + 99) // 100)
        quota[(mw, False, False)] = q_non
        quota[(mw, True, False)] = n_mw - q_non
    quota[(True, False, True)] = quota[(True, True, True)] = quota[(False, False, True)] = quota[(False, True, True)] = 0
    keep_keys = sorted(k for k in cands if k[2])
    for i in range(k_keep):
        key = keep_keys[i % len(keep_keys)]
        quota[key] += 1
    used: set[int] = set()
    chosen: list[Injection] = []
    for key in sorted(quota):
        got = 0
        for n, t, only_one in cands.get(key, []):
            if got >= quota[key]:
                break
            if n in used:
                continue
            inj = inject_one(clean[n], t, only_one)
            used.add(n)
            chosen.append(inj)
            got += 1
    by_id = {inj.pair.id: inj for inj in chosen}
    out = [Pair(p.id, p.source, by_id[p.id].new_target) if p.id in by_id else p for p in clean]
    chosen.sort(key=lambda i: i.pair.id)
    info = {"pairs": len(pairs), "own_deviation_pairs": len(own), "clean_pairs": len(clean),
            "candidates": {"|".join(map(str, k)): len(v) for k, v in sorted(cands.items())}}
    return out, chosen, info


# -- outputs ---------------------------------------------------------------------------------------


def composition(injs: list[Injection], terms: list[Term]) -> dict:
    n = len(injs)
    def share(x: int) -> float:
        return round(x / n, 3) if n else 0.0
    nonnom = sum(1 for i in injs if "nom" not in i.case.split("|"))
    c = {
        "injections": n,
        "terms": len(terms),
        "terms_multiword": sum(t.multiword for t in terms),
        "terms_multiword_share": round(sum(t.multiword for t in terms) / len(terms), 3),
        "terms_gender_change": sum(t.preferred.head.gender != t.wrong.head.gender for t in terms),
        "multiword_injections": sum(i.term.multiword for i in injs),
        "multiword_share": share(sum(i.term.multiword for i in injs)),
        "non_nominative": nonnom,
        "non_nominative_share": share(nonnom),
        "case_ambiguous": sum(1 for i in injs if "|" in i.case),
        "plural": sum(1 for i in injs if i.number == "pl"),
        "gender_changed": sum(i.gender_changed for i in injs),
        "gender_changed_with_reinflected_adjectives": sum(
            1 for i in injs if i.gender_changed and (i.reinflected_neighbours or any(w.role == "adj" for w in i.term.wrong.words))),
        "keeps_preferred_elsewhere": sum(i.keeps_elsewhere for i in injs),
        "by_split": dict(sorted(Counter(i.term.split for i in injs).items())),
        "by_case": dict(sorted(Counter(i.case for i in injs).items())),
        "by_term": dict(sorted(Counter(i.term.name for i in injs).items())),
    }
    return c


def write_tmx(pairs: list[Pair], path: Path) -> None:
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="injected_terms.py" '
                'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" '
                'o-tmf="none"/>\n<body>\n')
        for p in pairs:
            f.write(f"<tu tuid={quoteattr(p.id)}><prop type=\"x-context\">{escape(p.id)}</prop>"
                    f"<tuv xml:lang=\"en\"><seg>{escape(bad.sub('', p.source))}</seg></tuv>"
                    f"<tuv xml:lang=\"pl\"><seg>{escape(bad.sub('', p.target))}</seg></tuv></tu>\n")
        f.write("</body>\n</tmx>\n")


def write_glossary(terms: list[Term], path: Path) -> None:
    lines = ["# tm glossary: source=en target=pl",
             "# generated by benchmarks/injected_terms.py from benchmarks/data/inject-terms.tsv (preferred renderings)"]
    for t in terms:
        # the first English form only: tm treats "email address" and "e-mail address" as one term
        lines.append(f"{t.english[0]}\t{t.preferred.text.replace('*', '').replace('=', '')}\tpreferred")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(out: Path, corpora: list[str], seed: int, count: int, quiet: bool = False) -> dict:
    terms = load_terms()
    pairs = load_corpora(corpora)
    modified, injs, info = make(pairs, terms, seed, count)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "pairs.jsonl").open("w", encoding="utf-8") as f:
        for p in modified:
            f.write(json.dumps({"id": p.id, "source": p.source, "target": p.target}, ensure_ascii=False) + "\n")
    write_tmx(modified, out / "pairs.tmx")
    with (out / "gold.jsonl").open("w", encoding="utf-8") as f:
        for i in injs:
            f.write(json.dumps({
                "pair_id": i.pair.id, "term": i.term.name, "injected": i.injected,
                "preferred": i.term.preferred.text, "wrong_lemma": i.term.wrong.text, "case": i.case, "number": i.number,
                "gender_changed": i.gender_changed, "multiword": i.term.multiword,
                "keeps_preferred_elsewhere": i.keeps_elsewhere, "split": i.term.split,
                "original_target": i.pair.target, "target": i.new_target,
            }, ensure_ascii=False) + "\n")
    write_glossary(terms, out / "glossary.tsv")
    stats = {"seed": seed, "corpora": corpora, **info, "composition": composition(injs, terms),
             "consistency": consistency(pairs, terms)}
    (out / "stats.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not quiet:
        c = stats["composition"]
        print(f"{info['pairs']} pairs ({', '.join(corpora)}); {info['own_deviation_pairs']} with deviations of their own "
              f"left out -> {info['clean_pairs']} clean pairs")
        print(f"{c['injections']} injections (seed {seed}) of {c['terms']} terms ({c['terms_multiword']} multi-word, "
              f"{c['terms_multiword_share']:.0%}; {c['terms_gender_change']} change gender)")
        print(f"  multi-word injections {c['multiword_injections']} ({c['multiword_share']:.0%}); non-nominative "
              f"{c['non_nominative']} ({c['non_nominative_share']:.0%}; {c['case_ambiguous']} with an ambiguous case); "
              f"gender changed {c['gender_changed']} ({c['gender_changed_with_reinflected_adjectives']} with re-inflected "
              f"adjectives); keeps preferred elsewhere {c['keeps_preferred_elsewhere']}; by split {c['by_split']}")
        print(f"  wrote {out}/pairs.jsonl, pairs.tmx, gold.jsonl, glossary.tsv, stats.json")
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "injected-terms")
    ap.add_argument("--corpora", default="real,gnu")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--injections", type=int, default=400)
    ap.add_argument("--consistency", action="store_true", help="print each term's consistency and stop")
    args = ap.parse_args()
    corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    if args.consistency:
        terms = load_terms()
        pairs = load_corpora(corpora)
        for name, c in consistency(pairs, terms).items():
            flag = "" if c["consistency"] >= 0.9 else "   < 0.9"
            print(f"{name:24s} {c['split']:8s} {c['pairs']:5d} pairs  {c['consistency']:.3f}{flag}")
        return
    build(args.out, corpora, args.seed, args.injections)


if __name__ == "__main__":
    main()
