"""The state behind the endpoints (database path, token, fuzzy index, connections), and the
``get_service`` dependency the routes receive it through."""

from __future__ import annotations

import hmac
import logging
import threading
from pathlib import Path

from fastapi import Request

from tm import fuzzy
from tm.store import Memory
from tm.service.errors import ApiError

log = logging.getLogger("tm.service")

DEFAULT_MAX_QUERY = 2000  # characters of a query text (Weblate sends at most 500)


class Service:
    """The state behind the endpoints: database path, token, fuzzy index, connections."""

    def __init__(self, db_path: str | Path, token: str | None = None, *, max_query: int = DEFAULT_MAX_QUERY):
        self.db_path = str(db_path)
        self.token = token or None
        self.max_query = max_query
        self._local = threading.local()
        self.index = fuzzy.FuzzyIndex()
        self._refreshing = threading.Lock()
        self._indexing_words = threading.Lock()

    # -- store access ------------------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        """Without a token nothing is written, so the file is opened read-only too."""
        return self.token is None

    def memory(self) -> Memory:
        """This thread's connection to the database."""
        memory = getattr(self._local, "memory", None)
        if memory is None:
            memory = self._local.memory = Memory(self.db_path, readonly=self.readonly)
        return memory

    def refresh_index(self, wait: bool = False) -> None:
        """Index pairs added since the last refresh: in the background unless ``wait``.

        Two indexes follow the pairs: the fuzzy index (in memory) and, on a writable server,
        the concordance word index in the file (Memory.update_concordance_index), which
        imports do not fill. The word index is always brought up to date in the background
        (``wait`` waits for the fuzzy index only); a read-only server uses what is indexed
        and its concordance scans the rest.
        """
        if wait:
            with self._refreshing:
                self.index.refresh(self.memory())
        elif self.memory().fuzzy_max_id() > self.index.max_id and self._refreshing.acquire(blocking=False):

            def run() -> None:
                try:
                    with Memory(self.db_path, readonly=self.readonly) as memory:
                        self.index.refresh(memory)
                except Exception:  # the next lookup tries again
                    log.exception("index refresh failed")
                finally:
                    self._refreshing.release()

            threading.Thread(target=run, name="tm-index-refresh", daemon=True).start()
        self.refresh_words()

    def refresh_words(self) -> None:
        """On a writable server, bring the concordance word index up to date in the background
        (Memory.update_concordance_index, in batches, so writers are not kept waiting)."""
        if self.readonly or not self.memory().concordance_index_behind():
            return
        if not self._indexing_words.acquire(blocking=False):
            return  # an update is already running

        def update_words() -> None:
            try:
                with Memory(self.db_path) as memory:
                    n = memory.update_concordance_index()
                log.info("concordance index: %d pairs indexed", n)
            except Exception:  # the next refresh tries again
                log.exception("concordance index update failed")
            finally:
                self._indexing_words.release()

        threading.Thread(target=update_words, name="tm-concordance-index", daemon=True).start()

    # -- checks on input -----------------------------------------------------------------------

    def require_token(self, request: Request) -> None:
        if self.token is None:
            raise ApiError(403, "this server is read-only: start it with --token (or TM_TOKEN) to allow writes")
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "a write needs the header 'Authorization: Bearer TOKEN'", {"WWW-Authenticate": "Bearer"})

    def check_text(self, text: str, name: str = "q") -> str:
        if len(text) > self.max_query:
            raise ApiError(414, f"{name} is {len(text)} characters long; the limit is {self.max_query}")
        if not text.strip():
            raise ApiError(400, f"{name} is empty")
        return text

    def languages(self) -> list[tuple[str, str]]:
        return self.index.languages()

    def resolve_pair(self, src: str | None, tgt: str | None) -> tuple[str, str]:
        """The language pair asked for, or the only one the memory has."""
        pairs = self.languages()
        if src and tgt:
            pair = fuzzy.lang_key(src), fuzzy.lang_key(tgt)
            if pair not in pairs:
                self.refresh_index(wait=True)  # maybe just written by another process
                if pair not in self.languages():
                    raise ApiError(404, f"no translation memory for {src} → {tgt}")
            return pair
        matching = [p for p in pairs if (not src or p[0] == fuzzy.lang_key(src)) and (not tgt or p[1] == fuzzy.lang_key(tgt))]
        if len(matching) == 1:
            return matching[0]
        if not matching:
            raise ApiError(404, "no pairs in this memory for that language pair")
        raise ApiError(400, "this memory has several language pairs; give src and tgt: " + ", ".join(f"{s}-{t}" for s, t in matching))

    def lookup(self, q: str, src: str, tgt: str, min_score: float, limit: int, prev: str | None = None, next: str | None = None) -> list[fuzzy.Match]:
        self.refresh_index()
        return fuzzy.lookup(self.index, self.memory(), q, src, tgt, min_score=min_score, limit=limit, prev=prev, next=next)



async def get_service(request: Request) -> Service:
    """The app's Service (a FastAPI dependency; async, so it costs no thread-pool hop)."""
    return request.app.state.service
