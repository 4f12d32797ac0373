"""Empty names, order and duplicates, new records, shared keys, thresholds and index reuse."""

from __future__ import annotations

import pytest

from dealbrain.matching import Candidate, MatchIndex, MatchStatus, ModelAgreement, match_components
from dealbrain.matching.key_groups import KeyGroup
from dealbrain.matching.verdicts import RankedKey, Thresholds, fuzzy_verdict


@pytest.mark.parametrize("blank", [None, "", "   ", "N/A", "na", "-", "None"])
def test_blank_and_placeholder_names_are_empty(cpus: list[Candidate], blank: str | None) -> None:
    [verdict] = match_components([blank], cpus)
    assert (verdict.name, verdict.status, verdict.matched, verdict.score, verdict.method, verdict.alternatives) == (
        blank, MatchStatus.EMPTY, None, 0.0, "none", (),
    )


def test_a_name_of_punctuation_only_is_unmatched(cpus: list[Candidate]) -> None:
    [verdict] = match_components(["®"], cpus)
    assert verdict.status is MatchStatus.UNMATCHED and verdict.alternatives == ()


def test_one_verdict_per_name_in_order_with_duplicates(cpus: list[Candidate]) -> None:
    names = ["i7-8700", None, "Ryzen 5 5600", "i7-8700", "Rizen 5 5600G", None, "Rizen 5 5600G"]
    verdicts = match_components(names, cpus)
    assert [verdict.name for verdict in verdicts] == names
    assert verdicts[0] == verdicts[3] and verdicts[4] == verdicts[6]
    assert [verdict.status for verdict in verdicts] == [
        MatchStatus.AUTO, MatchStatus.EMPTY, MatchStatus.AUTO, MatchStatus.AUTO,
        MatchStatus.AUTO, MatchStatus.EMPTY, MatchStatus.AUTO,
    ]


def test_no_names_and_no_candidates() -> None:
    assert match_components([], [Candidate(1, "Intel Core i7-8700")]) == []
    [verdict] = match_components(["i7-8700"], [])
    assert verdict.status is MatchStatus.UNMATCHED and verdict.alternatives == ()


def test_candidates_created_by_the_same_import_have_no_id(cpus: list[Candidate]) -> None:
    incoming = Candidate(None, "AMD Ryzen 7 7700")
    names = ["Ryzen 7 7700", "AMD Ryzen 7 7700", "Ryzen 7 770O"]
    verdicts = match_components(names, [*cpus, incoming])
    assert [verdict.matched for verdict in verdicts[:2]] == [incoming, incoming]
    assert verdicts[0].status is MatchStatus.AUTO and verdicts[0].matched.record_id is None
    assert verdicts[2].status is MatchStatus.UNMATCHED


def test_the_first_of_two_equal_names_wins_the_exact_tier() -> None:
    stored, incoming = Candidate(7, "Intel Core i7-8700"), Candidate(None, "INTEL CORE I7-8700")
    [verdict] = match_components(["intel core i7-8700"], [stored, incoming])
    assert verdict.matched == stored and verdict.method == "exact"


PENTIUMS = [Candidate(1, "Intel Pentium 4 2.60GHz"), Candidate(2, "Intel Pentium 4 3.00GHz")]


def test_the_clock_picks_among_candidates_sharing_a_key() -> None:
    [verdict] = match_components(["Pentium 4 @ 2.6 GHz"], PENTIUMS)
    assert (verdict.status, verdict.matched, verdict.method) == (MatchStatus.AUTO, PENTIUMS[0], "normalized")


def test_without_a_clock_a_shared_key_needs_review() -> None:
    [verdict] = match_components(["Intel Pentium 4"], PENTIUMS)
    assert verdict.status is MatchStatus.NEEDS_REVIEW and verdict.matched in PENTIUMS
    assert {name for name, _ in verdict.alternatives} == {candidate.name for candidate in PENTIUMS}


def test_a_name_without_a_clock_suggests_the_member_without_one_but_a_tie_needs_review() -> None:
    plain, clocked = Candidate(1, "Intel i7-1165G7"), Candidate(2, "Intel Core i7-1165G7 @ 2.80GHz")
    verdicts = match_components(["Core i7-1165G7", "i7-1165G7 @ 2.8GHz"], [plain, clocked])
    assert [verdict.matched for verdict in verdicts] == [plain, clocked]
    assert [verdict.status for verdict in verdicts] == [MatchStatus.NEEDS_REVIEW, MatchStatus.AUTO]
    assert verdicts[1].alternatives == ((clocked.name, 0.99), (plain.name, 0.95))


def test_two_candidates_tied_at_0_99_need_review_never_auto() -> None:
    stored = [Candidate(1, "Intel Core i7-8700"), Candidate(2, "Intel Core i7-8700 @ 3.20GHz")]
    [verdict] = match_components(["i7-8700"], stored)
    assert (verdict.status, verdict.score, verdict.method) == (MatchStatus.NEEDS_REVIEW, 0.99, "normalized")
    assert verdict.alternatives == (("Intel Core i7-8700", 0.99), ("Intel Core i7-8700 @ 3.20GHz", 0.99))
    assert verdict.matched == stored[0]


@pytest.mark.parametrize(
    ("rival_score", "rival_agreement", "status"),
    [(0.99, ModelAgreement.SAME, MatchStatus.NEEDS_REVIEW), (0.975, ModelAgreement.PARTIAL, MatchStatus.NEEDS_REVIEW),
     (0.96, ModelAgreement.SAME, MatchStatus.AUTO)],
)
def test_a_fuzzy_match_whose_best_two_candidates_tie_needs_review(
    rival_score: float, rival_agreement: ModelAgreement, status: MatchStatus
) -> None:
    best = KeyGroup("i7 8700", (Candidate(1, "Intel Core i7-8700"),))
    rival = KeyGroup("i7 8700 coffee", (Candidate(2, "Intel Core i7-8700 Coffee"),))
    ranked = [RankedKey(best, 0.99, ModelAgreement.SAME), RankedKey(rival, rival_score, rival_agreement)]
    verdict = fuzzy_verdict("Core i7 8700", ranked, Thresholds(0.92, 0.75, 3))
    assert (verdict.status, verdict.matched) == (status, best.candidates[0])


def test_a_single_candidate_ignores_the_clock(cpus: list[Candidate]) -> None:
    [verdict] = match_components(["Intel Core i7-8700 @ 4.6GHz"], cpus)
    assert verdict.status is MatchStatus.AUTO and verdict.matched.name == "Intel Core i7-8700"


def test_close_rivals_with_the_same_model_number_need_review() -> None:
    candidates = [Candidate(1, "Intel Celeron D 420"), Candidate(2, "Intel Celeron M 420")]
    [verdict] = match_components(["Intel Celeron E 420"], candidates)
    assert verdict.status is MatchStatus.NEEDS_REVIEW


def test_thresholds_move_fuzzy_verdicts(cpus: list[Candidate]) -> None:
    strict = match_components(["Rizen 5 5600G", "Ryzen 5600G"], cpus, auto_threshold=0.99, review_threshold=0.9)
    assert [verdict.status for verdict in strict] == [MatchStatus.NEEDS_REVIEW, MatchStatus.UNMATCHED]
    [loose] = match_components(["Ryzen 5600G"], cpus, auto_threshold=0.8, review_threshold=0.5)
    assert loose.status is MatchStatus.NEEDS_REVIEW  # a partial model match is never automatic


@pytest.mark.parametrize(
    ("auto", "review", "limit"), [(0.7, 0.8, 3), (1.2, 0.75, 3), (0.92, -0.1, 3), (0.92, 0.75, 0)]
)
def test_inconsistent_settings_are_refused(cpus: list[Candidate], auto: float, review: float, limit: int) -> None:
    with pytest.raises(ValueError, match="threshold|limit"):
        match_components(["i7-8700"], cpus, auto_threshold=auto, review_threshold=review, limit=limit)


def test_an_index_is_built_once_and_reused(cpus: list[Candidate], gpus: list[Candidate]) -> None:
    index = MatchIndex(cpus)
    assert len(index) == len(cpus)
    first = index.match(["i7-8700", "Ryzen 5600G"])
    second = index.match(["Ryzen 5600G", "RTX 3060"])
    assert first[1] == second[0]
    assert second[1].status is MatchStatus.UNMATCHED
    assert index.match(["i7-8700"]) == match_components(["i7-8700"], cpus)
