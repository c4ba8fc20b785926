"""Concordance: the stored pairs in which a word or phrase occurs, in any inflected form.

The store narrows the pairs down to those containing an inflected form of the query's longest
word (every form ``Language.forms`` gives): as a word prefix in its word index (pairs_fts) for
the pairs indexed so far, by substring for the pairs added since (``tm index`` catches up) or
in a file without the index (``Memory.concordance_rows``); here each candidate
side is split into words and a match is a run of consecutive words whose possible lemmas meet
the query words' lemmas one for one. So
"kierownik konta" finds "kierownikiem konta" and "kierownicy kont", and "account executive"
finds "Account Executives", but "kierownica" (steering wheel) does not match "kierownik".
"""

from __future__ import annotations

from tm.errors import InputError
from tm.fuzzy import lang_key
from tm.lang import Language, get_language
from tm.store import Memory

SCAN_LIMIT = 2000  # candidate rows read from the store per query, at most


def concordance(
    memory: Memory, query: str, lang: str, *, side: str = "both", limit: int = 20, method: str = "auto",
    file: str | None = None, since: str | None = None,
) -> list[dict]:
    """Pairs whose side(s) in ``lang`` contain ``query`` (lemma-aware), with highlight spans.

    Each hit: id, source, target, src_lang, tgt_lang, origin, context, and ``highlights``:
    ``{"source": [[start, end], ...], "target": [...]}`` character offsets of the matches.
    ``method`` (auto, fts, like) chooses how the store finds candidates (``concordance_rows``).
    ``file`` (a substring of the pair's file, any case) and ``since`` (a date YYYY-MM-DD: pairs
    added that day or later) are applied by the store in its query, so the SCAN_LIMIT
    candidates are all pairs that pass them.
    """
    code = lang_key(lang)
    language = get_language(code)
    words = [w.text for w in language.words(query)]
    if not words:
        raise InputError(None, "the query has no words")
    wanted = [set(language.lemmas(w)) | {w.lower()} for w in words]
    anchor = max(range(len(words)), key=lambda i: len(words[i]))
    forms = {words[anchor].lower()}
    for lemma in wanted[anchor]:
        forms |= {f.lower() for f in language.forms(lemma)}
    # LIKE folds ASCII case only: add capitalised forms for words starting with Ł, Ś, ...
    # (the word index folds all case and reads each form once).
    patterns = sorted(forms | {f[:1].upper() + f[1:] for f in forms} | {f.upper() for f in forms})
    hits: list[dict] = []
    for row in memory.concordance_rows(
        code, patterns, side=side, limit=SCAN_LIMIT, method=method, file=file or None, since=since or None
    ):
        highlights: dict[str, list[list[int]]] = {}
        for column, lang_column in (("source", "src_lang"), ("target", "tgt_lang")):
            if side not in ("both", column) or lang_key(row[lang_column]) != code:
                continue
            spans = find_phrase(row[column], wanted, language)
            if spans:
                highlights[column] = spans
        if highlights:
            hits.append(
                {
                    "id": row["id"],
                    "source": row["source"],
                    "target": row["target"],
                    "src_lang": row["src_lang"],
                    "tgt_lang": row["tgt_lang"],
                    "origin": row["origin"],
                    "context": row["context"],
                    "highlights": highlights,
                }
            )
            if len(hits) >= limit:
                break
    return hits


def find_phrase(text: str, wanted: list[set[str]], lang: str | Language) -> list[list[int]]:
    """[start, end] of every run of words in ``text`` whose lemmas meet ``wanted`` in order.

    ``lang`` is a code or the Language itself (looking a code up costs as much as a short
    text's words, and a query checks up to 2,000 texts)."""
    language = get_language(lang) if isinstance(lang, str) else lang
    tokens = language.words(text)
    lemma_sets = [set(language.lemmas(t.text)) | {t.text.lower()} for t in tokens]
    n = len(wanted)
    spans: list[list[int]] = []
    i = 0
    while i + n <= len(tokens):
        if all(lemma_sets[i + k] & wanted[k] for k in range(n)):
            spans.append([tokens[i].start, tokens[i + n - 1].end])
            i += n
        else:
            i += 1
    return spans
