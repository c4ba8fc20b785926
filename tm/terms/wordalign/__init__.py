"""Word alignment learnt from the memory itself: which words translate which.

A standalone package (it imports nothing else of tm): it takes sentence pairs already tokenised into word keys (lists of str,
e.g. lemmas or lower-cased words) and knows nothing of languages.

Model
-----
For each direction (source generates target, and target generates source):

1. IBM Model 1 with a NULL word, a few EM iterations from uniform translation tables.
2. A diagonal-favouring reparameterisation of the alignment prior in the spirit of
   fast_align (Dyer, Chahuneau & Smith 2013, "A Simple, Fast, and Effective
   Reparameterization of IBM Model 2"): a target word at position j of n aligns to NULL with
   probability p0, else to source word i of m with probability proportional to
   ``exp(-tension * |(i + .5)/m - (j + .5)/n|)``. The tension is fixed (default 1.0) or
   re-estimated after every E-step by Newton steps on the expected complete-data
   log-likelihood (concave in the tension); p0 is fixed. Written from the paper's
   description, not from its code.

The two directions' Viterbi alignments are symmetrised (intersection, union, grow-diag,
grow-diag-final, grow-diag-final-and; Koehn et al. 2003/2005).

Implementation
--------------
All candidate links of all pairs are flattened into one array per direction (one entry per
(target token, source position or NULL), grouped by target token, NULL first), each entry
pointing to its (source word, target word) parameter id. An EM iteration is a gather
``t[pid]``, a segmented sum (``np.add.reduceat``) for the per-token normaliser and a
``np.bincount`` of posteriors into the parameter counts: no Python loop over words.

Priors
------
:class:`Priors` holds pseudo-counts added to the expected counts in every M-step, in both
directions: glossary pairs (:meth:`Priors.add_glossary`), any word pairs
(:meth:`Priors.add_pair`) and, at training time, a cognate prior over co-occurring word pairs
whose normalised forms are similar (``cognates=0.8``: rapidfuzz ratio ≥ 80 on forms without
diacritics and with a few spelling correspondences, "serwer" ~ "server", both at least 4
letters, same first letter).

Determinism: vocabularies are numbered in first-seen order, all reductions are over arrays in
a fixed order, nothing iterates over a set or dict of unknown order: the result does not
depend on PYTHONHASHSEED.
"""


from tm.terms.wordalign.aligner import WordAligner
from tm.terms.wordalign.priors import Priors, cognate_form, cognate_similarity
from tm.terms.wordalign.symmetrise import Link, aligned_span, symmetrise

__all__ = [
    "Link",
    "WordAligner",
    "Priors",
    "aligned_span",
    "symmetrise",
    "cognate_form",
    "cognate_similarity",
]
