"""TermIndex: source terms and their known renderings, matched in every pair.

The index finds the source terms of each pair (``tm.terms.TermMatcher``) and records how the
pair's target renders each of them (a ``Use``); ``tm.check.terms`` judges the uses once every
pair was observed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from tm.check.model import Pair, Span
from tm.check.prose import term_view
from tm.lang.en import guess_verbs
from tm.terms.tokens import language as _language
from tm.terms import Keys, TermMatch, TermMatcher, is_content_word, phrase_spans, tokens

ALLOWED = ("preferred", "admitted")
BANNED = ("forbidden", "deprecated")
_EXTEND_MAX_WORDS = 4
_LONG = 50  # source words from which a segment's word links are no evidence (help paragraphs)
_EXTRA_WORDS = 2  # an aligned span may have this many words more than the term, no more
_DETERMINERS = frozenset("the a an this that these those your my his her its our their all any every some no".split())


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int


@dataclass
class Use:
    """How one pair renders one source term."""

    pair: Pair
    key: tuple[str, ...] | None  # None: no known rendering in the target
    text: str | None
    status: str | None
    source_spans: list[Span]
    target_spans: list[Span]
    missing: int = 0  # occurrences of a glossary term beyond its allowed renderings in the target
    aligned: bool = False  # evidence: the pair's word links (or the term base) tie the term to this rendering
    context: tuple[str, str] = ("", "")  # source words before and after the occurrence (aligned uses)


class _SourceMatcher(TermMatcher):
    """TermMatcher whose words also carry the lemmas of their hyphenated parts: a one-word term
    inside a compound counts ("password-based" has "password", and its rendering must be in the
    target too). Lemma sets are cached per word: matching every pair of a large memory is the
    check's hot loop."""

    def __init__(self, phrases, lang_code: str):
        super().__init__(phrases, lang_code)
        self._lemma_lists: dict[str, tuple[str, ...]] = {}
        self._info: dict[str, tuple[frozenset[str], tuple]] = {}

    def word_lemmas(self, word: str) -> tuple[str, ...]:
        ls = self._lemma_lists.get(word)
        if ls is None:
            ls = self.own_lemmas(word)
            if "-" in word.strip("-"):
                parts = [self.own_lemmas(part) for part in word.split("-") if len(part) > 2]
                ls = tuple(dict.fromkeys(ls + tuple(lemma for p in parts for lemma in p)))
            self._lemma_lists[word] = ls
        return ls

    def find_all(self, text: str) -> list[TermMatch]:
        """Every match in ``text``, overlapping ones too (``find(text, overlapping=True)``, in
        the same order), with each word's lemma set and the phrases its lemmas may start
        cached: most words start no phrase, and are passed over at the cost of one look-up."""
        tok = tokens(text, self.lang_code)
        infos = [self._info.get(w) or self._word_info(w) for w in tok.words]
        n = len(infos)
        joined = tok.joined
        found: list[TermMatch] = []
        for i in range(n):
            heads = infos[i][1]
            if not heads:
                continue
            hits = []
            for key, payload in heads:
                m = len(key)
                if m > 1 and (
                    i + m > n
                    or not joined[i]
                    or key[1] not in infos[i + 1][0]
                    or (m > 2 and not all(key[x] in infos[i + x][0] and joined[i + x - 1] for x in range(2, m)))
                ):
                    continue
                hits.append((m, key, payload))
            if len(hits) > 1:
                hits.sort(key=lambda h: -h[0])
            for m, key, payload in hits:
                start, end = tok.starts[i], tok.ends[i + m - 1]
                found.append(TermMatch(start, end, text[start:end], key, payload))
        return found

    def _word_info(self, word: str) -> tuple[frozenset[str], tuple]:
        """(the word's lemmas as a set, the (key, payload) of every phrase starting with one of
        them, in lemma order, longest first)."""
        lemmas = self.word_lemmas(word)
        heads = tuple(kp for lemma in lemmas for kp in self._index.get(lemma, ()))
        info = self._info[word] = (frozenset(lemmas), heads)
        return info

    def own_lemmas(self, word: str) -> tuple[str, ...]:
        """The lemmas of ``word`` as a whole (its hyphenated parts' left out), likeliest first."""
        return super().word_lemmas(word)


class TermIndex:
    """Source terms and their known renderings (glossary and term base), ready to match.

    Both sides match on lemma keys, so every inflected form counts: "kierownikowi konta" is
    "kierownik konta", "Account Executives" is "account executive". Entries are
    ``tm.terms.TermEntry``; a rendering's ``status`` comes from the glossary (preferred,
    admitted, deprecated, forbidden) or is None for one only seen in the data.
    """

    def __init__(self, entries: Iterable, src_lang: str, tgt_lang: str, stemmer=None, pair_ids: Sequence[str] | None = None):
        """``pair_ids``: when the entries were extracted from the pairs being checked, the ids of
        those pairs in extraction order; a rendering's ``segment_ids`` are then positions in it,
        and the term base's own link of a term to its rendering in a pair is preferred."""
        self.entries = [e for e in entries if e.renderings]
        # (entry, pair id) -> keys of renderings the term base linked in that pair
        self.links: dict[tuple[int, str], set[tuple[str, ...]]] | None = None
        if pair_ids is not None:
            self.links = defaultdict(set)
            for e in self.entries:
                for r in e.renderings:
                    for i in r.segment_ids:
                        if 0 <= i < len(pair_ids):
                            self.links[(id(e), pair_ids[i])].add(tuple(r.key))
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        by_source: dict[tuple[str, ...], list] = defaultdict(list)
        for e in self.entries:
            if e.source_key:
                by_source[tuple(e.source_key)].append(e)
        self._matcher = _SourceMatcher(((k, tuple(v)) for k, v in by_source.items()), src_lang)
        # source keys of glossary terms: always checked, even inside a longer term-base phrase
        self._glossary_keys = frozenset(
            k for k, v in by_source.items() if any(r.status is not None for e in v for r in e.renderings)
        )
        self._keys = Keys(tgt_lang, stemmer)
        self._position = {id(e): n for n, e in enumerate(self.entries)}
        # Renderings with their keys as tuples (the term base may give lists), per entry.
        for e in self.entries:
            for r in e.renderings:
                r.key = tuple(r.key)
        self._renderings = [[r for r in e.renderings if r.key] for e in self.entries]
        self._lemma_cache: dict[str, frozenset[str]] = {}
        self._uses: dict[int, list[Use]] = defaultdict(list)
        # word links of the checked pairs (tm.terms.links.PairLinks over their term views), and
        # each pair id's position in them: see attach_links
        self.pair_links = None
        self._link_index: dict[str, int] = {}
        self._noun_cache: dict[str, tuple[str, ...]] = {}

    def attach_links(self, links, pair_ids: Sequence[str]) -> None:
        """Word links trained on the checked pairs' ``term_view`` texts, in ``pair_ids`` order.
        With them a term without a glossary status is judged on evidence: each occurrence's
        rendering is the target span its words align to (see ``_aligned_uses``)."""
        self.pair_links = links
        self._link_index = {pid: i for i, pid in enumerate(pair_ids)}

    def __len__(self) -> int:
        return len(self.entries)


    def _extend(self, text: str, start: int, end: int) -> tuple[tuple[str, ...], str, int, int] | None:
        """The noun phrase around a one-word rendering ("kierownicy" in "kierownicy
        księgowości"), so an unknown rendering is reported whole; None when there is none."""
        tok = tokens(text, self.tgt_lang)
        idx = [i for i, (a, b) in enumerate(zip(tok.starts, tok.ends)) if a >= start and b <= end]
        if len(idx) != 1:
            return None
        i = idx[0]
        best = None
        for sp in phrase_spans(tok, self.tgt_lang):
            # The shortest phrase around the word: "doradcy klienta", not "przypadkach doradcy klienta".
            if sp.start <= i < sp.end and 1 < sp.end - sp.start <= _EXTEND_MAX_WORDS:
                if best is None or (sp.end - sp.start, sp.start) < (best.end - best.start, best.start):
                    best = sp
        if best is None:
            return None
        words = tok.words[best.start : best.end]
        key = self._keys.key(words)[0]
        shown = self._keys.display(words, lambda w: not (len(w) > 1 and w.isupper()))
        return key, shown, tok.starts[best.start], tok.ends[best.end - 1]

    def _target_lemmas(self, word: str) -> frozenset[str]:
        hit = self._lemma_cache.get(word)
        if hit is None:
            hit = frozenset(self._keys.lemmas(word)[0]) | {word.lower()}
            if "-" in word.strip("-"):  # "katalog-docelowy" holds "katalog"
                hit |= {lemma for part in word.split("-") if len(part) > 2 for lemma in self._keys.lemmas(part)[0]}
            self._lemma_cache[word] = hit
        return hit

    def _find_terms(self, text: str) -> list[tuple[int, int, tuple]]:
        """(start, end, entries) of source terms in ``text``, any inflection: leftmost-longest
        and not overlapping, except that a glossary term is always found, inside a longer
        term-base phrase too ("permissions" in "preserving permissions"); among glossary terms
        the longest wins. Where terms of the same length match at one place ("comma-separated"
        is a term and has "comma"; "leaves" is leaf and leave), one wins by ``_rank``, so the
        choice never depends on the order of a word's lemma set."""
        found = self._matcher.find_all(text)
        if not found:
            return []
        chosen = self._leftmost_longest(text, found)
        if self._glossary_keys:
            taken = {(m.start, m.end, m.key) for m in chosen}
            glossary = [m for m in found if m.key in self._glossary_keys]
            chosen += [m for m in self._leftmost_longest(text, glossary) if (m.start, m.end, m.key) not in taken]
            chosen.sort(key=lambda m: (m.start, m.end))
        return [(m.start, m.end, m.payload) for m in chosen]

    def _leftmost_longest(self, text: str, matches: list) -> list:
        out: list = []
        for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
            if out and out[-1].start == m.start and out[-1].end == m.end:
                if self._rank(text, m) < self._rank(text, out[-1]):
                    out[-1] = m
                continue
            if out and m.start < out[-1].end:
                continue
            out.append(m)
        return out

    def _rank(self, text: str, m) -> tuple[int, int]:
        """A term of the whole word before one of its hyphenated parts ("sphinx-quickstart",
        not "Sphinx"), then the entry listed first."""
        tok = tokens(text, self.src_lang)
        first = tok.words[tok.starts.index(m.start)]
        return (0 if m.key[0] in self._matcher.own_lemmas(first) else 1, self._position[id(m.payload[0])])

    def _find_renderings(self, text: str, wanted: dict[int, list]) -> list[tuple[int, object, int, int]]:
        """(entry, rendering, start, end) of every occurrence, overlapping ones included, of the
        renderings of the ``wanted`` entries only (by lemma key, any inflection). Looking up only
        the terms the source has is what keeps a 1,000-entry glossary cheap."""
        tok = tokens(text, self.tgt_lang)
        if not tok.words:
            return []
        lemma_sets = [self._target_lemmas(w) for w in tok.words]
        n_words = len(lemma_sets)
        firsts = {r.key[0] for rs in wanted.values() for r in rs}
        at: dict[str, list[int]] = {}
        for i, ls in enumerate(lemma_sets):
            for lemma in ls & firsts:
                at.setdefault(lemma, []).append(i)
        out = []
        for n, renderings in wanted.items():
            for r in renderings:
                key = r.key
                for i in at.get(key[0], ()):
                    m = len(key)
                    if i + m <= n_words and all(
                        key[x] in lemma_sets[i + x] and tok.joined[i + x - 1] for x in range(1, m)
                    ):
                        out.append((n, r, tok.starts[i], tok.ends[i + m - 1]))
        return out

    def observe(self, pair: Pair) -> None:
        """Record how ``pair`` renders each term its source has (see ``uses``). Both sides are
        read as ``term_view`` shows them: prose only (no option names, variables,
        metavariables, code, URLs), line breaks and tags as spaces."""
        if not pair.target.strip():
            return
        source = term_view(pair.source, pair.target)
        s_matches = self._find_terms(source)
        if not s_matches:
            return
        target = term_view(pair.target, pair.source, source=False)
        position = self._position
        here: dict[int, list[Span]] = {}
        for start, end, payload in s_matches:
            for e in payload:
                here.setdefault(position[id(e)], []).append(Span("source", start, end))
        hits = self._target_hits(pair, target, here)
        for n, s_spans in here.items():
            self._uses[n] += self._pair_uses(pair, target, n, s_spans, _outermost(hits.get(n, [])), here, hits)

    def _target_hits(self, pair: Pair, target: str, here: dict[int, list[Span]]) -> dict[int, list]:
        """For each entry in ``here``, the (rendering, hit) of its renderings in ``target``
        (the pair's target as the term checks read it)."""
        wanted = {n: self._renderings[n] for n in here}
        by_span: dict[tuple[int, int, tuple[str, ...]], list] = defaultdict(list)
        for n, r, a, b in self._find_renderings(target, wanted):
            by_span[(a, b, r.key)].append((n, r))
        hits: dict[int, list] = defaultdict(list)
        for (a, b, _key), claims_ in by_span.items():
            # A target phrase known as the rendering of several terms of this source goes to
            # the term whose rendering it most surely is (a glossary status, then the count):
            # "prowizję" renders "sales commission", not "account executive" beside it.
            m = _Hit(a, b)
            claims = []
            for n, r in claims_:
                e = self.entries[n]
                linked = self.links is not None and r.key in self.links.get((id(e), pair.id), ())
                if self.links is not None and r.status is None and r.count < 2 and not linked:
                    continue  # seen once elsewhere: too weak to say this pair uses it
                claims.append(((r.status is not None, r.count >= 2, linked, r.count), n, r))
            if not claims:
                continue
            best = max(c[0] for c in claims)
            for score, n, r in claims:
                if score == best:
                    hits[n].append((r, m))
        return hits

    def _pair_uses(self, pair: Pair, target: str, n: int, s_spans: list[Span], found: list,
                   here: dict[int, list[Span]], hits: dict[int, list]) -> list[Use]:
        """How ``pair`` renders entry ``n``, given the entry's outermost hits in the target:
        one use for the allowed rendering (or the likeliest other), and one more for each
        further occurrence of the term rendered otherwise, so a pair holding both the preferred
        and a deviating rendering is reported. A deviating rendering beside an allowed one
        counts only when it is banned or the source has the term more often than the target
        its allowed renderings (else it renders something else). A glossary term occurring
        more often than its allowed renderings, with nothing else known to render it, gets a
        use with no rendering (``missing``)."""
        allowed = sorted((h for h in found if h[0].status in ALLOWED), key=lambda h: h[0].status != "preferred")
        banned = [h for h in found if h[0].status in BANNED]
        other = [h for h in found if h[0].status not in ALLOWED + BANNED]
        if (not (allowed or banned) and self.pair_links is not None and pair.id in self._link_index
                and len(tokens(pair.source, self.src_lang).words) <= _LONG):
            # where the other terms of the source (not overlapping an occurrence) are rendered
            others = {
                sp: [(m.start, m.end) for o, o_spans in here.items() if o != n
                     and not any(x.start < sp.end and sp.start < x.end for x in o_spans)
                     for _r, m in hits.get(o, ())]
                for sp in s_spans
            }
            aligned = self._aligned_uses(pair, target, s_spans, found, others, tuple(self.entries[n].source_key))
            if aligned:
                return aligned
        occurrences = len(s_spans)
        if not allowed:
            return [self._use(pair, target, n, s_spans, found, allowed or banned, other)]
        uses = [self._use(pair, target, n, s_spans, found, allowed, [])]
        room = occurrences - len(allowed)
        for h in banned:
            uses.append(Use(pair, h[0].key, h[0].text, h[0].status, s_spans, [Span("target", h[1].start, h[1].end)]))
            room -= 1
        if room > 0 and other:
            links = self.links.get((id(self.entries[n]), pair.id), set()) if self.links is not None else set()
            ranked = sorted(other, key=lambda h: (h[0].count >= 2, h[0].key in links, h[0].count), reverse=True)
            for h in ranked[:room]:
                uses.append(self._use(pair, target, n, s_spans, found, [], [h]))
                room -= 1
        if room > 0:
            uses.append(Use(pair, None, None, None, s_spans, [], missing=room))
        return uses

    def _verb_here(self, source: str, sp: Span, key: tuple[str, ...]) -> bool:
        """Is this occurrence of a one-word term a verb? An -ing or -ed form of a term that has
        none ("Typing" for "type"), a word right after "to", a modal or a pronoun, or a first
        word followed by a determiner ("Update the list")."""
        tok = tokens(source, self.src_lang)
        idx = [k for k, (a, b) in enumerate(zip(tok.starts, tok.ends)) if a >= sp.start and b <= sp.end]
        if len(idx) != 1:
            return False
        k = idx[0]
        word = tok.words[k].lower()
        for ending in ("ing", "ed"):
            if word.endswith(ending) and not key[-1].endswith(ending):
                return True
        if k == 0 and k + 1 < len(tok.words) and tok.words[k + 1].lower() in _DETERMINERS:
            return True
        return guess_verbs(tok.words[max(0, k - 3) : k + 1])[-1]

    def _has_noun(self, words: Sequence[str], gerund: bool = False) -> bool:
        """Can one of the words be a noun (or, with ``gerund``, a verbal noun: a known
        rendering "dowiązanie symboliczne" is one)? Languages without a tagger: yes."""
        lang = _language(self.tgt_lang)
        tags = getattr(lang, "tags", None)
        if tags is None:
            return True
        kinds = ("subst", "depr", "ger") if gerund else ("subst", "depr")
        for w in words:
            tagged = self._noun_cache.get(w)
            if tagged is None:
                tagged = self._noun_cache[w] = tuple(t for _l, t in tags(w))
            # a new span needs a noun: a gerund there ("aktualizowanie") is mostly the verb's sense
            if any(t.startswith(kinds) for t in tagged):
                return True
        return False

    def _aligned_uses(self, pair: Pair, target: str, s_spans: list[Span], found: list,
                      others: dict[Span, list[tuple[int, int]]], key: tuple[str, ...]) -> list[Use]:
        """One use per occurrence of the term whose words the alignment links to a target span:
        the known rendering found there, else the span itself as a phrase (lemma key, so an
        inflection is never another rendering). An occurrence with no aligned span, or one too
        long to be a rendering, has no use: no evidence, no finding."""
        links, i = self.pair_links, self._link_index[pair.id]
        out = []
        for sp in s_spans:
            if self._verb_here(pair.source, sp, key):
                continue  # "Typing", "update the software": the verb, not the term
            got = links.span(i, sp.start, sp.end)
            if got is None:
                continue
            a, b = got
            if any(x < b and a < y for x, y in others.get(sp, ())):
                continue  # another term of this source is rendered there: the links are confused
            hits = [h for h in found if h[1].start < b and a < h[1].end]
            if hits:
                r, m = max(hits, key=lambda h: (min(b, h[1].end) - max(a, h[1].start), h[0].count))
                if not self._has_noun(tokens(target[m.start:m.end], self.tgt_lang).words, gerund=True):
                    continue
                out.append(Use(pair, r.key, r.text, r.status, [sp], [Span("target", m.start, m.end)], aligned=True,
                               context=self._context(pair.source, sp)))
                continue
            words = tokens(target[a:b], self.tgt_lang).words
            if not words or len(words) > len(tokens(pair.source[sp.start:sp.end], self.src_lang).words) + _EXTRA_WORDS:
                continue
            if not self._has_noun(words):
                continue  # a verb or an adjective renders the word here: not the term (a noun phrase)
            key = links.target_key(i, a, b)
            if not key:
                continue
            shown = self._keys.display(words, lambda w: not (len(w) > 1 and w.isupper()))
            out.append(Use(pair, tuple(key), shown, None, [sp], [Span("target", a, b)], aligned=True,
                           context=self._context(pair.source, sp)))
        return out

    def _context(self, source: str, sp: Span) -> tuple[str, str]:
        """The source words right before and after an occurrence, lower-cased ("ftp" in "FTP
        links"): a rendering always used in one context may be another sense of the term."""
        tok = tokens(source, self.src_lang)
        before = [w for w, e in zip(tok.words, tok.ends) if e <= sp.start]
        after = [w for w, st in zip(tok.words, tok.starts) if st >= sp.end]

        def word(w: str) -> str:  # a function word ("the", "is") tells no sense apart
            return w.lower() if is_content_word(w, self.src_lang) else ""

        return (word(before[-1]) if before else "", word(after[0]) if after else "")

    def _use(self, pair: Pair, target: str, n: int, s_spans: list[Span], found: list, known: list, other: list) -> Use:
        """One use: the first ``known`` hit (allowed or banned), else the likeliest ``other``
        hit, else no rendering."""

        def spans_of(key: tuple[str, ...]) -> list[Span]:
            return [Span("target", m.start, m.end) for r, m in found if r.key == key]

        if known:
            r, m = known[0]
            spans = spans_of(r.key) + [Span("target", mb.start, mb.end) for rb, mb in known[1:] if rb.status in BANNED and rb is not r]
            return Use(pair, r.key, r.text, r.status, s_spans, spans)
        if other:
            # The term base's own link in this pair, else the most established rendering.
            links = self.links.get((id(self.entries[n]), pair.id), set()) if self.links is not None else set()
            r, m = max(other, key=lambda h: (h[0].count >= 2, h[0].key in links, h[0].count))
            key, text, spans = r.key, r.text, [Span("target", m.start, m.end)]
            if len(r.key) == 1:
                wider = self._extend(target, m.start, m.end)
                if wider is not None:
                    key, text = wider[0], wider[1]
                    spans = [Span("target", wider[2], wider[3])]
            # the term base paired the term with this rendering in this very pair: evidence too
            return Use(pair, key, text, None, s_spans, spans, aligned=r.key in links)
        return Use(pair, None, None, None, s_spans, [])

    def uses(self, pairs: Sequence[Pair] = ()) -> dict[int, list[Use]]:
        """For each entry (by position in ``self.entries``), how each pair whose source has
        the term renders it (the pairs seen by ``observe`` so far, then ``pairs``); the
        index forgets them."""
        for pair in pairs:
            self.observe(pair)
        return self.take_uses()

    def take_uses(self) -> dict[int, list[Use]]:
        """The uses observed so far, by entry; the index starts afresh (a forked worker sends
        its chunk's uses to the parent this way)."""
        out, self._uses = self._uses, defaultdict(list)
        return out

    def add_uses(self, uses: dict[int, list[Use]]) -> None:
        """Add uses observed elsewhere (by a worker), after those observed here."""
        for n, lst in uses.items():
            self._uses[n].extend(lst)


def _outermost(hits: list) -> list:
    """Hits (rendering, match) not inside a longer hit of the same term: "kierownicy ds.
    rachunków", not also "kierownicy" alone. A hit with a glossary status always stays."""
    out = []
    for r, m in hits:
        inside = any(
            (m2.start <= m.start and m.end <= m2.end and (m2.end - m2.start) > (m.end - m.start))
            for _r2, m2 in hits
        )
        if not inside or r.status is not None:
            out.append((r, m))
    return out

