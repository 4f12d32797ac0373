"""Batch fuzzy search: the nearest candidate keys for many query keys at once.

Keys are compared with their words sorted (``"5600g 5 ryzen"`` and
``"ryzen 5 5600g"`` read the same), scored by ``rapidfuzz.fuzz.ratio``: that is
``token_sort_ratio``, with the sorting done once per key instead of once per
comparison. ``rapidfuzz.process.cdist`` scores a block of queries against all
candidates in C++ on every core; numpy then picks each row's best few.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

BLOCK_ROWS = 2048
"""Queries scored per ``cdist`` call: bounds the score matrix to BLOCK_ROWS x candidates floats."""


def sorted_words(key: str) -> str:
    """A key with its words in sorted order, so word order does not count."""
    return " ".join(sorted(key.split()))


def nearest_keys(
    queries: Sequence[str],
    choices: Sequence[str],
    *,
    pool_size: int,
    min_score: float,
) -> list[list[tuple[int, float]]]:
    """For each query, up to ``pool_size`` (choice index, 0..1 similarity) pairs, best first.

    ``queries`` and ``choices`` are word-sorted keys. Pairs scoring below
    ``min_score`` are left out, so a query may get an empty list.
    """
    if not queries or not choices:
        return [[] for _ in queries]
    cutoff = min_score * 100
    take = min(pool_size, len(choices))
    pools: list[list[tuple[int, float]]] = []
    for start in range(0, len(queries), BLOCK_ROWS):
        block = queries[start : start + BLOCK_ROWS]
        scores = process.cdist(
            block, choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32, workers=-1
        )
        pools.extend(_best_per_row(scores, take, cutoff))
    return pools


def _best_per_row(scores: np.ndarray, take: int, cutoff: float) -> list[list[tuple[int, float]]]:
    """The ``take`` best (column, score / 100) pairs of each row at or above ``cutoff``, best first."""
    if take < scores.shape[1]:
        columns = np.argpartition(-scores, take - 1, axis=1)[:, :take]
    else:
        columns = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    picked = np.take_along_axis(scores, columns, axis=1)
    order = np.argsort(-picked, axis=1, kind="stable")
    columns = np.take_along_axis(columns, order, axis=1)
    picked = np.take_along_axis(picked, order, axis=1)
    rows: list[list[tuple[int, float]]] = []
    for row_columns, row_scores in zip(columns.tolist(), picked.tolist()):
        kept = zip(row_columns, row_scores)
        rows.append([(column, score / 100) for column, score in kept if score > 0 and score >= cutoff])
    return rows
