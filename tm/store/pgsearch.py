"""What only PostgreSQL does for a memory: bulk import with COPY, fuzzy candidates from the
pg_trgm index on pairs.norm, and the concordance word index of lemmas (pairs_words).

Import: rows are COPY'd into a temporary staging table in batches and moved into pairs with
``insert ... select ... on conflict (pair_hash) do nothing`` (the dedup of SQLite's
INSERT OR IGNORE), all inside the import's transaction: a failure anywhere rolls the whole
file back, and memory stays bounded by the batch.

Fuzzy candidates: ``norm % query`` under a trigram-similarity threshold derived from
min_score (``trgm_threshold``), limited to sources whose length can reach min_score
(tm.fuzzy.length_bounds), then ranked by rapidfuzz in tm.fuzzy exactly as the in-process
index's candidates are.

Concordance: each side's words, their lemmas (tm.lang) and the lower-cased words themselves,
as a tsvector (``array_to_tsvector``: no text search configuration, no Polish dictionary on
the server). Filled lazily above a watermark like SQLite's FTS5 index; the pairs above it
are scanned with ILIKE.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from tm.fuzzykeys import lang_key, length_bounds, normalise
from tm.lang import get_language
from tm.store.concordance import filter_sql
from tm.store.schema import FTS_UPTO, PAIR_COLUMNS, PG_WORDS_TABLE, pg_words_upto

COPY_BATCH = 20_000  # rows staged before they move into pairs
WORDS_BATCH = 5_000  # pairs lemmatised per transaction of the word index
_UNIT_COLUMNS = (
    "src_lang, tgt_lang, source, target, confidence, low_confidence, context, note, origin_file, unit_id,"
    " props, created, pair_hash, import_id, line"
)
_SIDES = (("source", "src_lang", "source_words"), ("target", "tgt_lang", "target_words"))


def pair_keys(src_lang: str, tgt_lang: str, source: str) -> tuple[str, str]:
    """(norm, lang_key) of a pair, as the fuzzy index of PostgreSQL stores them."""
    return normalise(source), f"{lang_key(src_lang)} {lang_key(tgt_lang)}"


# ----- import --------------------------------------------------------------------------------


def copy_units(db, rows: Iterable[tuple], progress: Callable[[int], None] | None) -> tuple[int, int]:
    """(rows inserted, rows handled) of ``rows`` (tm.store.memory's _unit_rows tuples), with
    COPY, inside the caller's transaction."""
    conn = db.conn
    conn.execute(
        "create temporary table if not exists tm_import_stage (seq bigint, src_lang text, tgt_lang text, source text,"
        " target text, confidence double precision, low_confidence bigint, context text, note text, origin_file text,"
        " unit_id text, props text, created text, pair_hash bytea, import_id bigint, line bigint, norm text, lang_key text)"
        " on commit drop"
    )
    added = seen = 0
    batch: list[tuple] = []
    for row in rows:
        batch.append((seen + len(batch), *row, *pair_keys(row[0], row[1], row[2])))
        if len(batch) >= COPY_BATCH:
            added += _flush(conn, batch)
            seen += len(batch)
            batch.clear()
            if progress:
                progress(seen)
    if batch:
        added += _flush(conn, batch)
        seen += len(batch)
        if progress:
            progress(seen)
    return added, seen


def _flush(conn, batch: list[tuple]) -> int:
    with conn.cursor() as cur:
        with cur.copy(f"copy tm_import_stage (seq, {_UNIT_COLUMNS}, norm, lang_key) from stdin") as copy:
            for row in batch:
                copy.write_row(row)
        cur.execute(
            f"insert into pairs ({_UNIT_COLUMNS}, origin, norm, lang_key)"
            f" select {_UNIT_COLUMNS}, 'import', norm, lang_key from tm_import_stage order by seq"
            " on conflict (pair_hash) do nothing"
        )
        added = cur.rowcount
        cur.execute("truncate tm_import_stage")
    return added


# ----- fuzzy candidates ----------------------------------------------------------------------


def trgm_threshold(min_score: float) -> float:
    """The pg_trgm similarity below which a source is not read for a given min_score.

    No exact bound links trigram Jaccard similarity to the Indel ratio (an edit costs up to
    three trigrams on each side), so this is measured: on the benchmark memory
    (benchmarks/pg_lookup.py) the true best match at ratio r had trigram similarity at least
    about 1.6 r - 1.1 in 99.9 % of queries; the threshold keeps a margin under that."""
    r = min(max(min_score, 0.0), 100.0) / 100.0
    return round(min(max(1.5 * r - 0.85, 0.05), 0.9), 3)


def fuzzy_candidates(db, query_norm: str, src_lang: str, tgt_lang: str, min_score: float, limit: int) -> list[tuple[int, str]]:
    """(pair id, norm) of up to ``limit`` sources most trigram-similar to ``query_norm``."""
    lo, hi = length_bounds(len(query_norm), min_score)
    key = f"{lang_key(src_lang)} {lang_key(tgt_lang)}"
    with db.transaction():
        db.execute("select set_config('pg_trgm.similarity_threshold', ?, true)", [str(trgm_threshold(min_score))])
        rows = db.execute(
            "select id, norm from pairs where norm % ? and lang_key = ? and length(norm) between ? and ?"
            " order by similarity(norm, ?) desc, id limit ?",
            [query_norm, key, lo, hi, query_norm, limit],
        ).fetchall()
    return [(r[0], r[1]) for r in rows]


def pooled_candidates(url: str) -> Callable[..., list[tuple[int, str]]]:
    """``fuzzy_candidates`` on a read-only pooled connection taken for each search."""
    from tm.store.postgres import PgDatabase  # psycopg only for PostgreSQL memories

    def search(query_norm: str, src_lang: str, tgt_lang: str, min_score: float, limit: int) -> list[tuple[int, str]]:
        db = PgDatabase(url, readonly=True)
        try:
            return fuzzy_candidates(db, query_norm, src_lang, tgt_lang, min_score, limit)
        finally:
            db.close()

    return search


def language_keys(db) -> dict[tuple[str, str], int]:
    """The language pairs of the memory as the fuzzy index groups them, with their pairs."""
    keys: dict[tuple[str, str], int] = {}
    for src, tgt, n in db.execute("select src_lang, tgt_lang, count(*) from pairs group by 1, 2").fetchall():
        key = (lang_key(src), lang_key(tgt))
        keys[key] = keys.get(key, 0) + n
    return keys


# ----- concordance ---------------------------------------------------------------------------


def words_of(text: str, lang: str) -> list[str]:
    """The tokens of one side in the word index: each word lower-cased, and its lemmas."""
    language = get_language(lang_key(lang))
    tokens: set[str] = set()
    for w in language.words(text):
        tokens.add(w.text.lower())
        tokens.update(language.lemmas(w.text))
    return sorted(t for t in tokens if t)


def words_behind(db) -> bool:
    mark = pg_words_upto(db)
    return mark is not None and bool(db.execute("select exists (select 1 from pairs where id > ?)", [mark]).fetchone()[0])


def update_words(db, progress: Callable[[int, int], None] | None = None) -> int:
    """Lemmatise the pairs above the watermark into pairs_words, in batches, one transaction
    each (the watermark row is locked first: two updaters never index the same pairs)."""
    total = 0
    while True:
        with db.transaction():
            mark = int(db.execute("select value from meta where key = ? for update", [FTS_UPTO]).fetchone()[0])
            top = db.execute("select coalesce(max(id), 0) from pairs").fetchone()[0]
            if top <= mark:
                return total
            rows = db.execute(
                "select id, src_lang, tgt_lang, source, target from pairs where id > ? order by id limit ?",
                [mark, WORDS_BATCH],
            ).fetchall()
            with db.cursor() as cur:
                cur.executemany(
                    f"insert into {PG_WORDS_TABLE} (id, source_words, target_words)"
                    " values (%s, array_to_tsvector(%s::text[]), array_to_tsvector(%s::text[]))"
                    " on conflict (id) do update set source_words = excluded.source_words,"
                    " target_words = excluded.target_words",
                    [(i, words_of(s, sl), words_of(t, tl)) for i, sl, tl, s, t in rows],
                )
            end = rows[-1][0]
            db.execute("update meta set value = ? where key = ?", [str(end), FTS_UPTO])
            total += len(rows)
        if progress:
            progress(end, top)


def _tsquery(tokens: Iterable[str]) -> str:
    quoted = sorted({"'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens if t})
    return " | ".join(quoted)


def concordance_rows(
    db, lang: str, patterns: list[str], side: str, limit: int, method: str, file: str | None = None,
    since: str | None = None,
) -> Iterator[dict]:
    """Candidate pairs for tm.concordance (see tm.store.concordance.rows, also for ``file``
    and ``since``): the word index for the pairs up to its watermark (the patterns' lemmas
    and lower-cased forms against the lemma tsvectors), then an ILIKE scan of the pairs above
    it."""
    patterns = [p for p in patterns if p]
    where = filter_sql("p.", file, since, postgres=True)
    if not patterns or limit <= 0:
        return iter(())
    mark = pg_words_upto(db) if method != "like" else 0
    found: list[dict] = []
    if method != "like" and mark:
        language = get_language(lang_key(lang))
        tokens = {p.lower() for p in patterns}
        for p in patterns:
            tokens.update(language.lemmas(p))
        query = _tsquery(tokens)
        arms = [f"w.{words} @@ ?::tsquery and (p.{lang_col} = ? or p.{lang_col} like ?)"
                for column, lang_col, words in _SIDES if side in ("both", column)]
        args = []
        for column, _lang_col, _words in _SIDES:
            if side in ("both", column):
                args += [query, lang, lang + "-%"]
        columns = ", ".join(f"p.{c.strip()}" for c in PAIR_COLUMNS.split(","))
        found = list(db.query(
            f"select {columns} from {PG_WORDS_TABLE} w join pairs p on p.id = w.id"
            f" where w.id <= ?{where[0]} and ({' or '.join(arms)}) order by p.id limit ?",
            [mark, *where[1], *args, limit],
        ))
    if method == "fts" or len(found) >= limit:
        return iter(found[:limit])
    return iter(found + _ilike(db, lang, patterns, side, limit - len(found), mark or 0, where))


def _ilike(
    db, lang: str, patterns: list[str], side: str, limit: int, after_id: int, where: tuple[str, list]
) -> list[dict]:
    pats = ["%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for p in patterns]
    clauses, args = [], []
    for column, lang_column, _words in _SIDES:
        if side not in ("both", column):
            continue
        likes = " or ".join(f"{column} ilike ? escape '\\'" for _ in pats)
        clauses.append(f"(({lang_column} = ? or {lang_column} like ?) and ({likes}))")
        args += [lang, lang + "-%", *pats]
    sql = f"select {PAIR_COLUMNS} from pairs p where id > ?{where[0]} and ({' or '.join(clauses)}) order by id limit ?"
    return list(db.query(sql, [after_id, *where[1], *args, limit]))
