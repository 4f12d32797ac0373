"""missing_required_fields: required standard fields with no applied column."""

from dealbrain.mapping import missing_required_fields, suggest_mappings
from dealbrain.specs import FieldSpec, FieldType, get_entity_spec

LISTING = get_entity_spec("listing")
VALUATION_RULE = get_entity_spec("valuation_rule")


def test_complete_template_misses_nothing(template_headers) -> None:
    for entity, headers in template_headers.items():
        spec = get_entity_spec(entity)
        assert missing_required_fields(spec, suggest_mappings(spec, headers, {})) == []


def test_missing_fields_are_listed_in_spec_order() -> None:
    mappings = suggest_mappings(LISTING, ["Condition", "Notes"], {})
    assert missing_required_fields(LISTING, mappings) == ["title", "price_usd"]


def test_a_valuation_rule_needs_only_its_name() -> None:
    """Reference buckets price a range, so neither a component type nor a unit value is required."""
    mappings = suggest_mappings(VALUATION_RULE, ["Metric", "Notes"], {})
    assert missing_required_fields(VALUATION_RULE, mappings) == ["name"]


def test_suggested_columns_count_as_provided() -> None:
    mappings = suggest_mappings(LISTING, ["Listing Titles", "Asking Price"], {})
    assert mappings[0].bucket == "suggested"
    assert missing_required_fields(LISTING, mappings) == []


def test_ignored_and_new_columns_do_not_count() -> None:
    mappings = suggest_mappings(LISTING, ["Title", "Price", "Cost"], {}, overrides={"Price": None})
    assert [m.bucket for m in mappings] == ["mapped", "ignored", "mapped"]
    assert missing_required_fields(LISTING, mappings) == []
    only_ignored = suggest_mappings(LISTING, ["Title", "Price"], {}, overrides={"Price": None})
    assert missing_required_fields(LISTING, only_ignored) == ["price_usd"]


def test_a_custom_field_does_not_stand_in_for_a_standard_one() -> None:
    shadow = FieldSpec("price_usd", FieldType.NUMBER, label="Street price", custom=True)
    mappings = suggest_mappings(LISTING, ["Title", "Street price"], {}, custom_fields=[shadow])
    assert mappings[1].custom
    assert missing_required_fields(LISTING, mappings) == ["price_usd"]
