"""Consistency checks over aligned pairs (``tm check``): each check yields ``Finding`` objects.

A reviewer runs these before a translation ships. The checks (``tm.check.registry`` lists them,
one module each):

- term checks (need a glossary or a term base; ``tm.check.terms``): glossary adherence,
  forbidden or deprecated renderings, and one source term rendered differently across segments;
  all of them match on lemma keys, so "kierownika konta" counts as "kierownik konta";
- segment inconsistency both ways: one source translated differently, one target used for
  different sources;
- untranslated: the target equals the source, or source-language words are left in the target
  ("Account Executive" in Polish text), unless a per-project keep list names them (FINRA);
- numbers and currencies (locale formats: "57,504" = "57 504", "$" = "USD"), URLs and link
  targets, placeholders, inline markup, broken markup, doubled punctuation, doubled words.

Every finding carries a stable id (``finding_id``); reviewers' decisions are keyed on it
(``Suppressions``). Reports render as a table, JSON, CSV or HTML with ``tm.check.report``.
"""

from tm.check.keep import KeepList, default_keep_path, load_keep_list
from tm.check.model import (
    SCHEMA,
    SEVERITIES,
    CheckInfo,
    Finding,
    Pair,
    RenderingCount,
    Report,
    Span,
    TermGroup,
    finding_id,
    make_finding,
)
from tm.check.numbers import number_values
from tm.check.pool import collector_paused, default_workers
from tm.check.registry import CHECKS, TERM_CHECKS
from tm.check.runner import (
    TERMBASE_MODES,
    check_pairs,
    load_terms,
    pairs_from_alignment,
    pairs_from_memory,
    run_check,
)
from tm.check.suppressions import Suppression, Suppressions, default_suppressions_path, review
from tm.check.termindex import TermIndex
from tm.check.termsources import build_index, load_glossary_entries, merge_glossary

__all__ = [
    "CHECKS",
    "SCHEMA",
    "SEVERITIES",
    "TERMBASE_MODES",
    "TERM_CHECKS",
    "CheckInfo",
    "Finding",
    "KeepList",
    "Pair",
    "RenderingCount",
    "Report",
    "Span",
    "Suppression",
    "Suppressions",
    "TermGroup",
    "TermIndex",
    "build_index",
    "check_pairs",
    "collector_paused",
    "default_keep_path",
    "default_suppressions_path",
    "default_workers",
    "finding_id",
    "load_glossary_entries",
    "load_keep_list",
    "load_terms",
    "make_finding",
    "merge_glossary",
    "number_values",
    "pairs_from_alignment",
    "pairs_from_memory",
    "review",
    "run_check",
]
