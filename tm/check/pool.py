"""Running the per-pair checks in forked processes, and pausing the garbage collector while a
large check runs."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from contextlib import contextmanager, nullcontext

from tm.check.model import Finding
from tm.check.registry import pair_findings
from tm.errors import InputError


def default_workers() -> int:
    """Processes ``tm check`` uses: $TM_CHECK_WORKERS, else one per core (at most 4)."""
    env = os.environ.get("TM_CHECK_WORKERS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise InputError("TM_CHECK_WORKERS", f"not a number of processes: {env!r}") from None
    return max(1, min(4, os.cpu_count() or 1))


def _workers(total: int, requested: int | None) -> int:
    """Processes for the per-pair work. Forked workers check chunks of pairs in parallel; a
    small job, or a platform without fork, stays in one process. The library default is one
    process (``requested`` None): the HTTP service must not fork from its threads."""
    if not requested or requested < 2 or total < 2 * _CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return requested


_CHUNK = 2_000


def _check_range(pairs, start, end, src_lang, tgt_lang, keep, enabled, terms, progress=None) -> list[Finding]:
    """Per-pair checks, and the term index's observations, for ``pairs[start:end]``."""
    out: list[Finding] = []
    total = len(pairs)
    for n in range(start, end):
        pair = pairs[n]
        out += pair_findings(pair, src_lang, tgt_lang, keep, enabled)
        if terms is not None:
            terms.observe(pair)  # while the pair's words are in the caches
        if progress and ((n + 1) % 500 == 0 or n + 1 == total):
            progress(n + 1, total)
    return out


def check_each(pairs, src_lang, tgt_lang, keep, enabled, terms, workers, progress) -> list[Finding]:
    """The per-pair checks over ``pairs`` (and ``terms.observe`` of each pair), in ``workers``
    processes when that pays (see ``_workers``); findings in pair order."""
    workers = _workers(len(pairs), workers)
    if workers > 1:
        return _parallel(pairs, src_lang, tgt_lang, keep, enabled, terms, workers, progress)
    return _check_range(pairs, 0, len(pairs), src_lang, tgt_lang, keep, enabled, terms, progress)


_JOB: tuple | None = None  # the work a forked worker inherits (pairs are not pickled to it)


def _run_chunk(bounds: tuple[int, int]):
    """A worker's chunk. The pairs' texts are not sent back (the parent has them): findings and
    term uses travel with the pair's position instead, which keeps the pickles small."""
    pairs, src_lang, tgt_lang, keep, enabled, terms = _JOB
    found = []
    for n in range(bounds[0], bounds[1]):
        for f in _check_range(pairs, n, n + 1, src_lang, tgt_lang, keep, enabled, terms):
            f.source = f.target = ""
            found.append((n, f))
    uses = {}
    if terms is not None:
        index_of = {id(pairs[n]): n for n in range(bounds[0], bounds[1])}
        uses = terms.take_uses()
        for lst in uses.values():
            for u in lst:
                u.pair = index_of[id(u.pair)]
    return bounds, found, uses


def _parallel(pairs, src_lang, tgt_lang, keep, enabled, terms, workers, progress) -> list[Finding]:
    """The per-pair work in forked processes, chunk by chunk; results merged in pair order."""
    global _JOB
    _JOB = (pairs, src_lang, tgt_lang, keep, enabled, terms)
    chunks = [(a, min(a + _CHUNK, len(pairs))) for a in range(0, len(pairs), _CHUNK)]
    results = {}
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = 0
            for bounds, found, uses in pool.imap_unordered(_run_chunk, chunks):
                results[bounds] = (found, uses)
                done += bounds[1] - bounds[0]
                if progress:
                    progress(done, len(pairs))
    finally:
        _JOB = None
    out: list[Finding] = []
    for bounds in chunks:
        found, uses = results[bounds]
        for n, f in found:
            f.source, f.target = pairs[n].source, pairs[n].target
            out.append(f)
        if terms is not None:
            for lst in uses.values():
                for u in lst:
                    u.pair = pairs[u.pair]
            terms.add_uses(uses)
    return out


_PAUSE_FROM = 1_000  # pairs from which check_pairs pauses the collector
_pause_lock = threading.Lock()
_pauses = 0  # callers inside collector_paused, in any thread
_collector_was_on = False


def paused_if_large(total: int):
    """``collector_paused`` for a check of ``total`` pairs from ``_PAUSE_FROM`` on. Small checks
    (the HTTP service's) leave the collector alone: it is process-wide."""
    return collector_paused() if total >= _PAUSE_FROM else nullcontext()


@contextmanager
def collector_paused():
    """The cyclic garbage collector off while a large check runs. Checking a large memory
    creates millions of small objects that live until the report is written, and the collector
    kept walking them: a quarter of the time of a 100k-pair check, and in forked workers it
    also touches (and so copies) every page inherited from the parent. Nothing made here is
    cyclic garbage. The switch is process-wide, so overlapping callers (threads) are counted
    and the last one out turns the collector back on if it was on."""
    global _pauses, _collector_was_on
    with _pause_lock:
        if _pauses == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_on:
                gc.enable()
