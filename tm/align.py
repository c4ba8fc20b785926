"""Sentence alignment: a banded dynamic programme over beads, scored by length and words.

The programme follows Gale & Church (1993) for lengths and hunalign/Moore for words:

1. Each segment is reduced to a set of *keys* in one shared space: numbers (normalised, so
   "$57,504" meets "57 504 USD"), link targets, names and codes written the same on both
   sides (FINRA, Glassdoor.com, %s, --help), cognate stems ("finan" in financial/finansów),
   glossary entries, and, in the second pass, lemma translations learnt from the confident
   pairs of the first pass.
2. A bead's cost adds the prior of its shape (1-1, 1-0, 0-1, 1-2, 2-1, 2-2), the Gale-Church
   length cost with the length ratio and variance fitted on this very pair of documents,
   a lexical term (Dice over keys), and structure penalties (a heading paired with a
   paragraph, a bead that crosses a block boundary).
3. The programme runs inside a band around a chain of anchors (rare keys that pair one
   source segment with one target segment), so its cost grows linearly with length.
4. Runs left unaligned on both sides are paired afterwards when they translate each
   other: that is how a block moved to another place in the translation is recovered.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from tm import inline
from tm.lang import get_language
from tm.model import AlignedPair

# Bead shapes and their priors (Gale & Church, as in NLTK).
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
PRIOR_COST = {b: -math.log(p) for b, p in PRIOR.items()}

LEXICAL_WEIGHT = 7.0  # how much a fully matched bead is worth against a length mismatch
LEXICAL_BASE = 0.35  # Dice similarity that counts as neutral evidence
NUMBER_MISMATCH = 2.5  # per number present on one side only
KIND_MISMATCH = 4.0  # a heading paired with body text
CROSS_BLOCK = 3.0  # a bead that joins segments of two blocks
DEAD_WEIGHT = 7.0  # a 2-1 or 1-2 bead one of whose sentences matches nothing
SHORT_SLACK = 15  # characters added to the length in the variance term
MIN_BAND = 25  # half-width of the band around the anchor path
LOW_CONFIDENCE = 0.5
# Weights of the confidence model, fitted by ``benchmarks/align_confidence.py --fit`` on the
# development documents of corpora/real only; LOW_CONFIDENCE is its even-odds point.
CONFIDENCE_WEIGHTS = {"bias": -2.41, "similarity": 2.14, "margin": 3.57, "context": 4.42, "codes": 1.06, "merge": -3.2}
MOVED_EVIDENCE = 0.5  # evidence a pair of a moved block needs to count as a translation

HEADING_KINDS = frozenset({"heading", "title"})


@dataclass
class SegmentInfo:
    """What the scorer needs to know about one segment."""

    length: int
    keys: frozenset[str]  # source side: keys it can match; target side: keys it offers
    size: int  # content words plus anchors: the denominator of the similarity
    numbers: frozenset[str]
    block: int
    kind: str
    lemmas: tuple[str, ...]
    block_start: bool


@dataclass
class Aligner:
    """Aligns two lists of segments. Use ``align_segments`` for the one-call form."""

    src_lang: str = "en"
    tgt_lang: str = "pl"
    glossary: Sequence[tuple[str, str]] = ()
    min_band: int = MIN_BAND
    progress: Callable[[int, int], None] | None = None
    dictionary: dict[str, set[str]] = field(default_factory=dict)
    ratio: float = 1.0
    variance: float = 6.8
    prior_cost: dict[tuple[int, int], float] = field(default_factory=lambda: dict(PRIOR_COST))

    def align(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        src_blocks: Sequence[int] | None = None,
        tgt_blocks: Sequence[int] | None = None,
        src_kinds: Sequence[str] | None = None,
        tgt_kinds: Sequence[str] | None = None,
    ) -> list[AlignedPair]:
        src_blocks = src_blocks or list(range(len(src)))
        tgt_blocks = tgt_blocks or list(range(len(tgt)))
        src_kinds = src_kinds or ["line"] * len(src)
        tgt_kinds = tgt_kinds or ["line"] * len(tgt)
        self._src_text = [inline.plain_text(s) for s in src]
        self._tgt_text = [inline.plain_text(t) for t in tgt]
        self._src_raw, self._tgt_raw = list(src), list(tgt)
        self._glossary_dictionary = self._glossary_pairs()
        self._src_words = [self._content(t, self.src_lang) for t in self._src_text]
        self._tgt_words = [self._content(t, self.tgt_lang) for t in self._tgt_text]
        self._src_blocks, self._tgt_blocks = list(src_blocks), list(tgt_blocks)
        self._src_kinds, self._tgt_kinds = list(src_kinds), list(tgt_kinds)
        self._fit_lengths_from_totals()

        # Pass 1: length, anchors, cognates, glossary. Pass 2: plus the learnt dictionary.
        self.dictionary = {k: set(v) for k, v in self._glossary_dictionary.items()}
        self._build_infos()
        beads = self._align_monotone()
        self._learn(beads)
        self._build_infos()
        beads = self._align_monotone()
        beads = self._recover_moved(beads)
        return [self._pair(beads, k) for k in range(len(beads))]

    # ----- features -------------------------------------------------------------------

    def _content(self, text: str, lang_code: str) -> list[tuple[str, str]]:
        """(lemma, surface) of content words; anchors handled separately."""
        lang = get_language(lang_code)
        out = []
        for w in lang.words(text):
            word = w.text
            if len(word) < 2 or not any(c.isalpha() for c in word) or lang.is_stopword(word.lower()):
                continue
            out.append((_lemma(lang, word), word))
        return out

    def _glossary_pairs(self) -> dict[str, set[str]]:
        pairs: dict[str, set[str]] = defaultdict(set)
        src_lang, tgt_lang = get_language(self.src_lang), get_language(self.tgt_lang)
        for s_term, t_term in self.glossary:
            s_lemmas = [_lemma(src_lang, w.text) for w in src_lang.words(s_term) if not src_lang.is_stopword(w.text.lower())]
            t_lemmas = [_lemma(tgt_lang, w.text) for w in tgt_lang.words(t_term) if not tgt_lang.is_stopword(w.text.lower())]
            for s in s_lemmas:
                pairs[s].update(t_lemmas)
        return pairs

    def _build_infos(self) -> None:
        self._src = [
            self._info(i, self._src_raw[i], self._src_text[i], self._src_words[i], self._src_blocks, self._src_kinds, True)
            for i in range(len(self._src_raw))
        ]
        self._tgt = [
            self._info(j, self._tgt_raw[j], self._tgt_text[j], self._tgt_words[j], self._tgt_blocks, self._tgt_kinds, False)
            for j in range(len(self._tgt_raw))
        ]

    def _info(self, i, raw, text, words, blocks, kinds, is_source) -> SegmentInfo:
        keys: set[str] = set()
        numbers = frozenset("#" + n for n in numbers_in(text))
        keys.update(numbers)
        keys.update("@" + u for u in inline.link_targets(raw))
        anchors = set(numbers)
        for tok in _CODE_LIKE.findall(text):
            if _is_code_like(tok):
                keys.add("=" + tok.lower())
                anchors.add(tok)
        for lemma, surface in words:
            stem = cognate_key(surface)
            if stem:
                keys.add("~" + stem)
            if is_source:
                for t in self.dictionary.get(lemma, ()):
                    keys.add(":" + t)
            else:
                keys.add(":" + lemma)
        block = blocks[i]
        return SegmentInfo(
            length=max(1, len(text)),
            keys=frozenset(keys),
            size=len(words) + len(anchors) + len(inline.link_targets(raw)),
            numbers=numbers,
            block=block,
            kind=kinds[i],
            lemmas=tuple(dict.fromkeys(l for l, _ in words)),
            block_start=i == 0 or blocks[i - 1] != block,
        )

    def _fit_lengths_from_totals(self) -> None:
        total_s = sum(len(t) for t in self._src_text) or 1
        total_t = sum(len(t) for t in self._tgt_text) or 1
        self.ratio = total_t / total_s
        self.variance = 6.8

    # ----- scoring ----------------------------------------------------------------------

    def bead_cost(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead made of source segments [i-a, i) and target segments [j-b, j)."""
        if a == 0 or b == 0:
            return self.prior_cost[(a, b)] + 0.5 * LEXICAL_WEIGHT * LEXICAL_BASE
        src, tgt = self._src, self._tgt
        if a == 1:
            s = src[i - 1]
            ls, skeys, ssize, snums = s.length, s.keys, s.size, s.numbers
        else:
            s1, s = src[i - 2], src[i - 1]
            ls, skeys, ssize, snums = s1.length + s.length, s1.keys | s.keys, s1.size + s.size, s1.numbers | s.numbers
        if b == 1:
            t = tgt[j - 1]
            lt, tkeys, tsize, tnums = t.length, t.keys, t.size, t.numbers
        else:
            t1, t = tgt[j - 2], tgt[j - 1]
            lt, tkeys, tsize, tnums = t1.length + t.length, t1.keys | t.keys, t1.size + t.size, t1.numbers | t.numbers
        cost = self.prior_cost[(a, b)] + self.length_cost(ls, lt)
        sim = similarity(skeys, tkeys, ssize, tsize)
        cost += LEXICAL_WEIGHT * (LEXICAL_BASE - sim)
        if snums or tnums:
            cost += NUMBER_MISMATCH * len(snums ^ tnums)
        cost += self._structure_cost(i, j, a, b)
        if a == 2:
            cost += self._dead_weight(src[i - 2], src[i - 1], tkeys)
        if b == 2:
            cost += self._dead_weight(tgt[j - 2], tgt[j - 1], skeys)
        return cost

    @staticmethod
    def _dead_weight(first: SegmentInfo, second: SegmentInfo, other_keys: frozenset[str]) -> float:
        """A merge where one sentence shares nothing with the other side is likely an insertion."""
        cost = 0.0
        for member in (first, second):
            if member.size >= 3 and not (member.keys & other_keys):
                cost += DEAD_WEIGHT
        return cost

    def _structure_cost(self, i: int, j: int, a: int, b: int) -> float:
        src, tgt = self._src, self._tgt
        cost = 0.0
        if a == 2 and src[i - 1].block != src[i - 2].block:
            cost += CROSS_BLOCK + KIND_MISMATCH * (src[i - 1].kind in HEADING_KINDS or src[i - 2].kind in HEADING_KINDS)
        if b == 2 and tgt[j - 1].block != tgt[j - 2].block:
            cost += CROSS_BLOCK + KIND_MISMATCH * (tgt[j - 1].kind in HEADING_KINDS or tgt[j - 2].kind in HEADING_KINDS)
        s_head = src[i - a].kind in HEADING_KINDS
        t_head = tgt[j - b].kind in HEADING_KINDS
        if s_head != t_head:
            cost += KIND_MISMATCH
        elif src[i - a].kind != tgt[j - b].kind:
            cost += 0.5
        if src[i - a].block_start != tgt[j - b].block_start:
            cost += 1.0
        return cost

    def length_cost(self, ls: int, lt: int) -> float:
        # SHORT_SLACK keeps short segments (headings, UI strings) from being judged on a
        # few characters, where Gale-Church's variance-proportional-to-length breaks down.
        mean = (ls + lt / self.ratio) / 2 + SHORT_SLACK
        z = (lt - ls * self.ratio) / math.sqrt(self.variance * self.ratio * mean)
        p = math.erfc(abs(z) / math.sqrt(2))  # two-sided tail of the normal
        return -math.log(max(p, 1e-12))

    # ----- the programme --------------------------------------------------------------------

    def _align_monotone(self) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        n, m = len(self._src), len(self._tgt)
        lo, hi = self._band(n, m)
        inf = math.inf
        cost: list[list[float]] = []
        back: list[bytearray] = []
        report_every = max(1, n // 100)
        for i in range(n + 1):
            width = hi[i] - lo[i] + 1
            row = [inf] * width
            ptr = bytearray(width)
            for jj in range(width):
                j = lo[i] + jj
                if i == 0 and j == 0:
                    row[0] = 0.0
                    continue
                best, best_k = inf, 0
                for k, (a, b) in enumerate(BEADS):
                    pi, pj = i - a, j - b
                    if pi < 0 or pj < 0:
                        continue
                    if pi == i:
                        prev = row[pj - lo[i]] if pj >= lo[i] else inf
                    else:
                        if pj < lo[pi] or pj > hi[pi]:
                            continue
                        prev = cost[pi][pj - lo[pi]]
                    if prev == inf:
                        continue
                    c = prev + self.bead_cost(i, j, a, b)
                    if c < best:
                        best, best_k = c, k
                row[jj] = best
                ptr[jj] = best_k
            cost.append(row)
            back.append(ptr)
            if self.progress and i % report_every == 0:
                self.progress(i, n)
        beads = []
        i, j = n, m
        while i > 0 or j > 0:
            a, b = BEADS[back[i][j - lo[i]]]
            beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
            i, j = i - a, j - b
        beads.reverse()
        return beads

    def _band(self, n: int, m: int) -> tuple[list[int], list[int]]:
        """For each source prefix i, the range of target prefixes the programme explores."""
        anchors = [(0, 0)] + self._anchor_chain() + [(n, m)]
        lo, hi = [0] * (n + 1), [0] * (n + 1)
        for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
            width = self.min_band + abs((j1 - j0) - (i1 - i0))
            for i in range(i0, i1 + 1):
                centre = j0 + (j1 - j0) * ((i - i0) / (i1 - i0) if i1 > i0 else 1.0)
                lo[i] = max(0, int(centre) - width)
                hi[i] = min(m, int(math.ceil(centre)) + width)
        for i in range(1, n + 1):  # keep the band monotone and connected
            lo[i] = min(max(lo[i], lo[i - 1]), hi[i - 1])
        for i in range(n - 1, -1, -1):
            hi[i] = max(min(hi[i], hi[i + 1]), lo[i + 1])
        lo[0], hi[n] = 0, m
        return lo, hi

    def _anchor_chain(self) -> list[tuple[int, int]]:
        """Segment pairs sharing rare keys, thinned to the longest increasing chain."""
        n, m = len(self._src), len(self._tgt)
        if n * m <= (4 * self.min_band) ** 2:
            return []  # small enough for the full table
        df_src: Counter[str] = Counter(k for s in self._src for k in s.keys)
        where: dict[str, list[int]] = defaultdict(list)
        for j, t in enumerate(self._tgt):
            for k in t.keys:
                where[k].append(j)
        points = []
        for i, s in enumerate(self._src):
            votes: Counter[int] = Counter()
            for k in s.keys:
                js = where.get(k)
                if js and len(js) <= 3 and df_src[k] <= 3:
                    for j in js:
                        votes[j] += 1
            if not votes:
                continue
            (j, v), *rest = votes.most_common(2)
            if v >= 2 and (not rest or rest[0][1] < v):
                sim = similarity(s.keys, self._tgt[j].keys, s.size, self._tgt[j].size)
                if sim >= 0.3 and self.length_cost(s.length, self._tgt[j].length) < 4:
                    points.append((i + 1, j + 1))
        return _longest_chain(points)

    # ----- learning -------------------------------------------------------------------------

    def _learn(self, beads) -> None:
        """Fit priors, lengths and a lemma dictionary on the first pass (Moore 2002).

        Bead priors are re-estimated from the first pass's shapes, smoothed towards Gale &
        Church's: a catalogue with half its messages untranslated needs cheap 1-0 beads.
        """
        shapes = Counter((len(s), len(t)) for s, t in beads)
        pseudo = 50
        total = sum(shapes.values()) + pseudo
        self.prior_cost = {b: -math.log((shapes[b] + pseudo * PRIOR[b]) / total) for b in BEADS}
        confident = []
        for s, t in beads:
            if len(s) == 1 and len(t) == 1:
                si, ti = self._src[s[0]], self._tgt[t[0]]
                if self._evidence(s, t) >= 0.6:
                    confident.append((si, ti))
        if len(confident) >= 20:
            ratios = [t.length / s.length for s, t in confident]
            ratio = sum(ratios) / len(ratios)
            devs = [((t.length - s.length * ratio) ** 2) / (s.length * ratio) for s, t in confident]
            self.ratio = ratio
            self.variance = min(20.0, max(4.0, sorted(devs)[len(devs) // 2] * 2.2))
        pair_count: Counter[tuple[str, str]] = Counter()
        src_count: Counter[str] = Counter()
        tgt_count: Counter[str] = Counter()
        for s, t in confident:
            src_count.update(s.lemmas)
            tgt_count.update(t.lemmas)
            for a in s.lemmas:
                for b in t.lemmas:
                    pair_count[(a, b)] += 1
        learnt: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (a, b), c in pair_count.items():
            if c < 2:
                continue
            dice = 2 * c / (src_count[a] + tgt_count[b])
            if dice >= 0.4:
                learnt[a].append((dice, b))
        self.dictionary = {k: set(v) for k, v in self._glossary_dictionary.items()}
        for a, cands in learnt.items():
            cands.sort(reverse=True)
            self.dictionary.setdefault(a, set()).update(b for _, b in cands[:2])

    # ----- moved blocks ---------------------------------------------------------------------

    def _recover_moved(self, beads):
        """Pair a run of source-only beads with a run of target-only beads elsewhere."""
        src_runs = _null_runs(beads, side=0)
        tgt_runs = _null_runs(beads, side=1)
        if not src_runs or not tgt_runs:
            return beads
        candidates = []
        for si, (s_from, s_to, s_idx) in enumerate(src_runs):
            s_keys = frozenset().union(*(self._src[i].keys for i in s_idx))
            s_size = sum(self._src[i].size for i in s_idx)
            s_len = sum(self._src[i].length for i in s_idx)
            for ti, (t_from, t_to, t_idx) in enumerate(tgt_runs):
                t_keys = frozenset().union(*(self._tgt[j].keys for j in t_idx))
                t_size = sum(self._tgt[j].size for j in t_idx)
                t_len = sum(self._tgt[j].length for j in t_idx)
                sim = similarity(s_keys, t_keys, s_size, t_size)
                if sim >= 0.15 and self.length_cost(s_len, t_len) < 6:
                    candidates.append((sim, si, ti))
        candidates.sort(reverse=True)
        used_s, used_t = set(), set()
        replace: dict[int, list] = {}
        drop: set[int] = set()
        for sim, si, ti in candidates:
            if si in used_s or ti in used_t:
                continue
            s_from, s_to, s_idx = src_runs[si]
            t_from, t_to, t_idx = tgt_runs[ti]
            sub = Aligner(self.src_lang, self.tgt_lang, min_band=max(len(s_idx), len(t_idx)) + 2)
            sub._adopt(self, s_idx, t_idx)
            inner = sub._align_monotone()
            mapped = [(tuple(s_idx[k] for k in s), tuple(t_idx[k] for k in t)) for s, t in inner]
            good = sum(1 for s, t in mapped if s and t and self._evidence(s, t) >= MOVED_EVIDENCE)
            if good * 2 < len([1 for s, t in mapped if s and t]) or good == 0:
                continue
            used_s.add(si)
            used_t.add(ti)
            # Target-only leftovers stay where the target run was.
            replace[s_from] = [(s, t) for s, t in mapped if s]
            drop.update(range(s_from + 1, s_to))
            replace[t_from] = [(s, t) for s, t in mapped if not s]
            drop.update(range(t_from + 1, t_to))
        if not replace:
            return beads
        out = []
        for k, bead in enumerate(beads):
            if k in replace:
                out.extend(replace[k])
            elif k not in drop:
                out.append(bead)
        return out

    def _adopt(self, parent: "Aligner", s_idx: list[int], t_idx: list[int]) -> None:
        """Become an aligner over a subset of the parent's segments."""
        self.ratio, self.variance, self.dictionary = parent.ratio, parent.variance, parent.dictionary
        self.prior_cost = parent.prior_cost
        self._src = [parent._src[i] for i in s_idx]
        self._tgt = [parent._tgt[j] for j in t_idx]
        self._src_text = [parent._src_text[i] for i in s_idx]
        self._tgt_text = [parent._tgt_text[j] for j in t_idx]

    # ----- output ---------------------------------------------------------------------------

    def _evidence(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """A 0..1 score of a bead's own words, lengths and structure, without its context.

        The aligner's internal test of a pair: which first-pass pairs teach the dictionary, and
        whether a moved block's pairs translate each other. Output pairs get ``_confidence``.
        """
        if not s or not t:
            return 0.0
        skeys = frozenset().union(*(self._src[i].keys for i in s))
        tkeys = frozenset().union(*(self._tgt[j].keys for j in t))
        ssize = sum(self._src[i].size for i in s)
        tsize = sum(self._tgt[j].size for j in t)
        sim = similarity(skeys, tkeys, ssize, tsize)
        ls = sum(self._src[i].length for i in s)
        lt = sum(self._tgt[j].length for j in t)
        length_p = math.exp(-self.length_cost(ls, lt) / 2)
        lexical = min(1.0, sim / 0.4)
        score = 0.55 * lexical + 0.45 * length_p
        s_kind, t_kind = self._src[s[0]].kind, self._tgt[t[0]].kind
        if s_kind in HEADING_KINDS and t_kind in HEADING_KINDS or s_kind == t_kind == "description":
            score = max(score, 0.5 + 0.5 * score)  # paired headings carry structural evidence
        snums = frozenset().union(*(self._src[i].numbers for i in s))
        tnums = frozenset().union(*(self._tgt[j].numbers for j in t))
        if snums ^ tnums:
            score *= 0.7
        return round(min(1.0, score), 3)

    def _confidence(self, beads, k: int) -> float:
        """The probability that bead ``k`` is right: a logistic model over its evidence."""
        s, t = beads[k]
        if not s or not t:
            return 0.0
        f = self._confidence_features(beads, k)
        z = CONFIDENCE_WEIGHTS["bias"] + sum(CONFIDENCE_WEIGHTS[name] * x for name, x in f.items())
        return round(1 / (1 + math.exp(-z)), 3)

    def _confidence_features(self, beads, k: int) -> dict[str, float]:
        """What says a (non-null) bead is right, each feature roughly in -1..1."""
        s, t = beads[k]
        skeys = frozenset().union(*(self._src[i].keys for i in s))
        tkeys = frozenset().union(*(self._tgt[j].keys for j in t))
        sim = similarity(skeys, tkeys, sum(self._src[i].size for i in s), sum(self._tgt[j].size for j in t))
        # Position: a bead between two paired beads (or a document edge) sits in a run the
        # programme is sure of; one next to an unpaired segment may have taken its neighbour's place.
        paired = [q < 0 or q >= len(beads) or bool(beads[q][0] and beads[q][1]) for q in (k - 1, k + 1)]
        src_codes = Counter(c for i in s for c in _codes(self._src_raw[i]))
        tgt_codes = Counter(c for j in t for c in _codes(self._tgt_raw[j]))
        return {
            "similarity": sim,
            "margin": max(-1.0, min(1.0, self._margin(s, t) / 10)),
            "context": sum(paired) / 2,
            "codes": 0.0 if not src_codes and not tgt_codes else 1.0 if src_codes == tgt_codes else -1.0,
            "merge": float(len(s) + len(t) > 2),
        }

    def _margin(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """How much cheaper the bead is than the same shape shifted by one segment on either side
        (vecalign and LASER judge a pair against its neighbours in the same way)."""
        a, b = len(s), len(t)
        if s != tuple(range(s[0], s[0] + a)) or t != tuple(range(t[0], t[0] + b)):
            return 0.0  # a bead of a recovered moved block: no shape to shift
        i, j = s[-1] + 1, t[-1] + 1
        own = self.bead_cost(i, j, a, b)
        alternatives = [
            self.bead_cost(i + di, j + dj, a, b)
            for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1))
            if a <= i + di <= len(self._src) and b <= j + dj <= len(self._tgt)
        ]
        return min(alternatives) - own if alternatives else 0.0

    def _pair(self, beads, k: int) -> AlignedPair:
        s, t = beads[k]
        confidence = self._confidence(beads, k)
        return AlignedPair(
            source=s,
            target=t,
            source_text=" ".join(self._src_raw[i] for i in s),
            target_text=" ".join(self._tgt_raw[j] for j in t),
            confidence=confidence,
            low_confidence=bool(s and t) and confidence < LOW_CONFIDENCE,
        )


def align_segments(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str = "en",
    tgt_lang: str = "pl",
    *,
    src_blocks: Sequence[int] | None = None,
    tgt_blocks: Sequence[int] | None = None,
    src_kinds: Sequence[str] | None = None,
    tgt_kinds: Sequence[str] | None = None,
    glossary: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[AlignedPair]:
    """Align two lists of sentences; returns every bead, null beads included, in source order."""
    aligner = Aligner(src_lang, tgt_lang, glossary=list(glossary), progress=progress)
    return aligner.align(src, tgt, src_blocks, tgt_blocks, src_kinds, tgt_kinds)


# ----- helpers ------------------------------------------------------------------------------


def similarity(skeys: frozenset[str], tkeys: frozenset[str], ssize: int, tsize: int) -> float:
    """Dice-like share of matched keys, 0..1."""
    if not ssize or not tsize:
        return 0.0
    shared = len(skeys & tkeys)
    return min(1.0, 2 * min(shared, ssize, tsize) / (ssize + tsize))


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:(?:[ \u00a0\u202f]|,(?=\d{3}\b)|\.(?=\d{3}\b))\d{3})+(?:[.,]\d+)?(?!\w)|\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> list[str]:
    """Numbers with their group separators removed: "$57,504" and "57 504 USD" both give "57504"."""
    out = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[ \u00a0\u202f]", "", m.group(0))
        if re.fullmatch(r"\d{1,3}([,.]\d{3})+", digits):
            digits = re.sub(r"[,.]", "", digits)
        out.append(digits.replace(",", "."))
    return out


_PLACEHOLDER = re.compile(r"%\([\w.]+\)[a-zA-Z]|%[-#0+]*\d*(?:\.\d+)?[a-zA-Z]|\{[\w.]*\}")


def _codes(raw: str) -> list[str]:
    """Placeholders, markup and numbers: what a translation carries over unchanged."""
    markup = [f"<{t.type}:{t.kind}>" for t in inline.tags(raw)]
    return _PLACEHOLDER.findall(raw) + markup + numbers_in(_PLACEHOLDER.sub(" ", inline.plain_text(raw)))


_CODE_LIKE = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%\([a-z_]+\)[sd]|\{[\w.]*\}|--?[a-zA-Z][\w-]*|[\w.-]*[A-Z][\w.-]*|\S+\.\S+")


def _is_code_like(tok: str) -> bool:
    """Tokens translators leave untouched: acronyms, names with capitals, placeholders, options, domains."""
    if tok.startswith(("%", "{", "-")) and len(tok) > 1:
        return True
    if "." in tok.strip(".") and any(c.isalpha() for c in tok):
        return True
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2  # FINRA, USD, iOS


_TRANSLIT = [("ph", "f"), ("th", "t"), ("ch", "h"), ("qu", "kv"), ("x", "ks"), ("c", "k"), ("w", "v"), ("y", "i")]


def cognate_key(word: str) -> str | None:
    """A crude stem shared by EN-PL cognates: finansowy/financial, technologia/technology."""
    w = unicodedata.normalize("NFKD", word.lower().replace("ł", "l"))
    w = "".join(c for c in w if c.isalpha() and not unicodedata.combining(c))
    if len(w) < 5:
        return None
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1", r"\1", w)
    return w[:5] if len(w) >= 5 else None


_LEMMA_CACHE: dict[tuple[str, str], str] = {}


def _lemma(lang, word: str) -> str:
    key = (lang.code, word)
    lemma = _LEMMA_CACHE.get(key)
    if lemma is None:
        lemma = lang.lemma(word)
        if len(_LEMMA_CACHE) < 500_000:
            _LEMMA_CACHE[key] = lemma
    return lemma


def _longest_chain(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain strictly increasing in both coordinates (patience sorting, O(k log k))."""
    points = sorted(set(points), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(points)
    for k, (_, j) in enumerate(points):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(points[k])
        k = prev[k]
    chain.reverse()
    # Rows must increase strictly too: keep the first point of each row.
    out: list[tuple[int, int]] = []
    for p in chain:
        if not out or (p[0] > out[-1][0] and p[1] > out[-1][1]):
            out.append(p)
    return out


def _null_runs(beads, side: int) -> list[tuple[int, int, list[int]]]:
    """Maximal runs of beads that have segments on ``side`` only: (first bead, end bead, indices)."""
    runs = []
    k = 0
    while k < len(beads):
        if beads[k][side] and not beads[k][1 - side]:
            start = k
            idx: list[int] = []
            while k < len(beads) and beads[k][side] and not beads[k][1 - side]:
                idx.extend(beads[k][side])
                k += 1
            runs.append((start, k, idx))
        else:
            k += 1
    return runs
