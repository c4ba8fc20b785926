"""Terms: candidate phrases per language, pairing source terms with their renderings, matching.

The pieces, in the order a build uses them:

* ``tm.terms.tokens``: a segment's words, with markup and placeholders masked.
* ``tm.terms.phrases``: candidate phrases in one segment (``phrase_spans``); Polish noun-phrase
  grammar lives in ``tm.lang.pl``, the English verb tagger in ``tm.lang.en``.
* ``tm.terms.stem`` and ``tm.terms.keys``: lemma keys of phrases, with ``SubwordStemmer`` as the
  fallback for words neither morfeusz2 nor simplemma knows.
* ``tm.terms.extract`` (``extract_terms``) ranks source candidates by termhood and pairs them
  with target phrases across aligned segments (``tm.terms.pairing``: competitive linking).
* ``tm.terms.match`` (``TermMatcher``) finds known terms in any inflected form.
* ``tm.terms.model``: ``TermEntry``, ``Rendering``, ``TermMatch``.

Polish is inflected, so every key here is a tuple of lemmas, never a surface string.
"""

from tm.terms.extract import Extraction, ExtractionStats, extract_terms, rank, rank_of
from tm.terms.keys import Keys, phrase_key, word_lemmas
from tm.terms.match import TermMatcher
from tm.terms.model import STATUSES, Key, Rendering, TermEntry, TermMatch, is_untranslated, preferred_rendering
from tm.terms.phrases import Analysis, Span, is_content_word, phrase_spans
from tm.terms.stem import SubwordStemmer
from tm.terms.tokens import Tokens, tokens, visible_text

__all__ = [
    "STATUSES",
    "Analysis",
    "Extraction",
    "ExtractionStats",
    "Key",
    "Keys",
    "Rendering",
    "Span",
    "SubwordStemmer",
    "TermEntry",
    "TermMatch",
    "TermMatcher",
    "Tokens",
    "extract_terms",
    "is_untranslated",
    "preferred_rendering",
    "rank",
    "rank_of",
    "is_content_word",
    "phrase_key",
    "phrase_spans",
    "tokens",
    "visible_text",
    "word_lemmas",
]
