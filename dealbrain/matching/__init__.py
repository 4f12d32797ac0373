"""Matching the CPU, GPU and ports-profile names written in listings to stored records.

Pure and Dagster-free: ``match_components(names, candidates)`` returns one
``ComponentMatch`` per name, saying whether the match is automatic, needs a
person's review, or failed, with the nearest alternatives.
"""

from dealbrain.matching.index import MatchIndex
from dealbrain.matching.match import match_components
from dealbrain.matching.model_guard import ModelAgreement, compare_models, model_tokens
from dealbrain.matching.normalize import clock_mhz, normalize_component_name
from dealbrain.matching.results import Candidate, ComponentMatch, MatchMethod, MatchStatus

__all__ = [
    "Candidate",
    "ComponentMatch",
    "MatchIndex",
    "MatchMethod",
    "MatchStatus",
    "ModelAgreement",
    "clock_mhz",
    "compare_models",
    "match_components",
    "model_tokens",
    "normalize_component_name",
]
