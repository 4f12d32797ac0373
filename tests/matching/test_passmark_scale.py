"""The real PassMark CPU list: listing-style spellings of its names, 20k at a time."""

from __future__ import annotations

import random
import re
import time

from dealbrain.matching import (
    Candidate,
    MatchIndex,
    MatchStatus,
    ModelAgreement,
    compare_models,
    model_tokens,
    normalize_component_name,
)

NAMES = 20_000


def listing_spelling(name: str, rng: random.Random) -> str:
    """One way a listing might write a PassMark CPU name."""
    roll = rng.random()
    if roll < 0.2:
        return re.sub(r"\s*@\s*[\d.]+\+?\s*[GM]Hz", "", name)
    if roll < 0.35:
        return name.replace("Intel Core", "Intel(R) Core(TM)").replace(" @", " CPU @")
    if roll < 0.5:
        return re.sub(r"^(Intel|AMD) ", "", name).replace("-", " ")
    if roll < 0.65:
        return name.upper()
    if roll < 0.8:
        letters = [index for index, char in enumerate(name) if char.isalpha()]
        index = rng.choice(letters) if letters else 0
        return name[:index] + rng.choice("aeiou") + name[index + 1 :]
    return name


def test_twenty_thousand_listing_names(passmark_cpus: list[Candidate]) -> None:
    rng = random.Random(20)
    sources = [rng.choice(passmark_cpus) for _ in range(NAMES)]
    names = [listing_spelling(source.name, rng) for source in sources]

    started = time.perf_counter()
    verdicts = MatchIndex(passmark_cpus).match(names)
    elapsed = time.perf_counter() - started
    distinct = len(set(names))
    print(f"\n{NAMES} names ({distinct} distinct) vs {len(passmark_cpus)} PassMark CPUs: {elapsed:.2f}s")

    assert len(verdicts) == NAMES
    statuses = [verdict.status for verdict in verdicts]
    assert statuses.count(MatchStatus.AUTO) > 0.85 * NAMES
    for source, name, verdict in zip(sources, names, verdicts):
        if name == source.name:
            assert (verdict.status, verdict.method) == (MatchStatus.AUTO, "exact")
        if verdict.status is MatchStatus.AUTO and verdict.method != "exact":
            query, found = normalize_component_name(name), normalize_component_name(verdict.matched.name)
            assert compare_models(model_tokens(query), model_tokens(found)) is ModelAgreement.SAME, name
    wrong_auto = [
        name
        for source, name, verdict in zip(sources, names, verdicts)
        if verdict.status is MatchStatus.AUTO
        and normalize_component_name(verdict.matched.name) != normalize_component_name(source.name)
    ]
    assert len(wrong_auto) < 0.002 * NAMES, wrong_auto[:20]
