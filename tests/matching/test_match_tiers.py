"""The tiers on realistic CPU and GPU names: exact, normalized, fuzzy, and the model guard."""

from __future__ import annotations

import pytest

from dealbrain.matching import Candidate, ComponentMatch, MatchStatus, match_components

AUTO, REVIEW, UNMATCHED = MatchStatus.AUTO, MatchStatus.NEEDS_REVIEW, MatchStatus.UNMATCHED


def only(name: str, candidates: list[Candidate]) -> ComponentMatch:
    [verdict] = match_components([name], candidates)
    return verdict


def matched_name(verdict: ComponentMatch) -> str | None:
    return verdict.matched.name if verdict.matched else None


def test_exact_name_ignoring_case_and_spaces(cpus: list[Candidate]) -> None:
    verdict = only("  intel core i7-8700K ", cpus)
    assert (verdict.status, matched_name(verdict), verdict.score, verdict.method) == (
        AUTO, "Intel Core i7-8700K", 1.0, "exact",
    )
    assert verdict.matched == Candidate(2, "Intel Core i7-8700K")


@pytest.mark.parametrize(
    "spelling",
    ["i7-8700", "Intel Core i7 8700", "Core i7-8700 @ 3.2GHz", "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"],
)
def test_cpu_spellings_auto_match_the_plain_model_not_its_k_or_t(cpus: list[Candidate], spelling: str) -> None:
    # The keys are equal once vendor words and the clock are gone, and the K/T
    # models keep their suffix in the key, so this is certain: AUTO.
    verdict = only(spelling, cpus)
    assert (verdict.status, matched_name(verdict), verdict.method, verdict.score) == (
        AUTO, "Intel Core i7-8700", "normalized", 0.99,
    )


@pytest.mark.parametrize(
    ("spelling", "model"), [("i7-8700K", "Intel Core i7-8700K"), ("i7 8700 T", "Intel Core i7-8700T")]
)
def test_suffixed_cpus_match_their_own_model(cpus: list[Candidate], spelling: str, model: str) -> None:
    verdict = only(spelling, cpus)
    assert (verdict.status, matched_name(verdict)) == (AUTO, model)


def test_a_missing_plain_model_is_unmatched_with_its_suffixed_siblings_as_alternatives(cpus: list[Candidate]) -> None:
    without_plain = [candidate for candidate in cpus if candidate.name != "Intel Core i7-8700"]
    verdict = only("Intel Core i7-8700", without_plain)
    assert verdict.status is UNMATCHED and verdict.matched is None and verdict.method == "none"
    alternatives = dict(verdict.alternatives)
    assert {"Intel Core i7-8700K", "Intel Core i7-8700T"} <= set(alternatives)
    assert max(alternatives.values()) < 0.75


@pytest.mark.parametrize(
    ("spelling", "model"),
    [
        ("RTX 3060", "NVIDIA GeForce RTX 3060"),
        ("NVIDIA GeForce RTX 3060", "NVIDIA GeForce RTX 3060"),
        ("RTX 3060 Ti", "NVIDIA GeForce RTX 3060 Ti"),
        ("GeForce RTX3060Ti", "NVIDIA GeForce RTX 3060 Ti"),
        ("RTX 4070 Ti SUPER", "NVIDIA GeForce RTX 4070 Ti Super"),
        ("GTX 1660 Super", "NVIDIA GeForce GTX 1660 Super"),
        ("Radeon RX 6600XT", "AMD Radeon RX 6600 XT"),
        ("Intel UHD 630", "Intel UHD Graphics 630"),
    ],
)
def test_gpu_spellings_auto_match(gpus: list[Candidate], spelling: str, model: str) -> None:
    verdict = only(spelling, gpus)
    assert (verdict.status, matched_name(verdict)) == (AUTO, model)


def test_rtx_3060_never_matches_the_ti(gpus: list[Candidate]) -> None:
    only_ti = [candidate for candidate in gpus if candidate.name != "NVIDIA GeForce RTX 3060"]
    verdict = only("RTX 3060", only_ti)
    assert verdict.status is UNMATCHED
    assert dict(verdict.alternatives)["NVIDIA GeForce RTX 3060 Ti"] < 0.75


def test_gpu_with_memory_size_needs_review(gpus: list[Candidate]) -> None:
    verdict = only("GeForce RTX 3060 12GB", gpus)
    assert (verdict.status, matched_name(verdict), verdict.method) == (REVIEW, "NVIDIA GeForce RTX 3060", "fuzzy")
    assert 0.75 <= verdict.score < 0.92


@pytest.mark.parametrize(
    ("spelling", "model"),
    [
        ("Ryzen 5 5600G", "AMD Ryzen 5 5600G with Radeon Graphics"),
        ("AMD Ryzen 5 5600G with Radeon Graphics", "AMD Ryzen 5 5600G with Radeon Graphics"),
        ("Ryzen 5 5600", "AMD Ryzen 5 5600"),
        ("AMD Ryzen 5 5600X", "AMD Ryzen 5 5600X"),
    ],
)
def test_amd_spellings_auto_match(cpus: list[Candidate], spelling: str, model: str) -> None:
    verdict = only(spelling, cpus)
    assert (verdict.status, matched_name(verdict)) == (AUTO, model)


def test_ryzen_5600g_never_matches_the_5600(cpus: list[Candidate]) -> None:
    without_g = [candidate for candidate in cpus if "5600G" not in candidate.name]
    verdict = only("Ryzen 5 5600G", without_g)
    assert verdict.status is UNMATCHED and verdict.matched is None


def test_xeon_generations_stay_apart(cpus: list[Candidate]) -> None:
    without_v3 = [candidate for candidate in cpus if candidate.name != "Intel Xeon E5-2680 v3"]
    assert only("Xeon E5-2680v3", without_v3).status is UNMATCHED
    assert matched_name(only("Xeon E5-2680v3", cpus)) == "Intel Xeon E5-2680 v3"


def test_a_typo_outside_the_model_number_is_fuzzy_auto(cpus: list[Candidate]) -> None:
    verdict = only("Rizen 5 5600G", cpus)
    assert (verdict.status, matched_name(verdict), verdict.method) == (
        AUTO, "AMD Ryzen 5 5600G with Radeon Graphics", "fuzzy",
    )
    assert verdict.score >= 0.92
    assert verdict.alternatives[0] == (verdict.matched.name, verdict.score)


def test_a_missing_tier_number_needs_review(cpus: list[Candidate]) -> None:
    verdict = only("Ryzen 5600G", cpus)
    assert (verdict.status, matched_name(verdict)) == (REVIEW, "AMD Ryzen 5 5600G with Radeon Graphics")


def test_extra_words_need_review(cpus: list[Candidate]) -> None:
    verdict = only("Intel Core i7-8700 (Coffee Lake)", cpus)
    assert (verdict.status, matched_name(verdict)) == (REVIEW, "Intel Core i7-8700")


def test_a_typo_in_the_model_number_is_unmatched(cpus: list[Candidate]) -> None:
    verdict = only("Core i7-8070", cpus)
    assert verdict.status is UNMATCHED
    assert verdict.alternatives and all(score < 0.75 for _, score in verdict.alternatives)


@pytest.mark.parametrize("gibberish", ["asdf qwerty", "Zorblax Quantum Turbo", "Refurbished Potato Deluxe"])
def test_gibberish_is_unmatched_with_alternatives(passmark_cpus: list[Candidate], gibberish: str) -> None:
    verdict = only(gibberish, passmark_cpus)
    assert (verdict.status, verdict.matched, verdict.method) == (UNMATCHED, None, "none")
    assert 1 <= len(verdict.alternatives) <= 3
    assert all(score < 0.75 for _, score in verdict.alternatives)
    assert verdict.score == verdict.alternatives[0][1]


def test_family_name_alone_is_unmatched(cpus: list[Candidate]) -> None:
    assert only("Ryzen", cpus).status is UNMATCHED


def test_alternatives_are_best_first_and_limited(cpus: list[Candidate]) -> None:
    [verdict] = match_components(["Core i7-8070"], cpus, limit=2)
    scores = [score for _, score in verdict.alternatives]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)
