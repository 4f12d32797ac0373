"""The five Deal Brain reference entities, declared once.

Everything entity-specific (tables, mapping aliases, sheet keywords, natural
keys, load order) comes from here; no other module names an entity's fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from dealbrain.errors import UserFacingError
from dealbrain.specs.fields import FieldSpec, FieldType

_GB = {"gb": 1.0, "gib": 1.0, "g": 1.0, "tb": 1024.0, "tib": 1024.0, "mb": 1 / 1024}
_STORAGE_GB = {"gb": 1.0, "g": 1.0, "tb": 1000.0, "t": 1000.0, "mb": 1 / 1000}
_WATTS = {"w": 1.0, "watt": 1.0, "watts": 1.0}
_USD = {"usd": 1.0, "$": 1.0}
CONDITIONS = ("new", "refurb", "used")
CONDITION_SYNONYMS = {
    "refurbished": "refurb", "renewed": "refurb", "reconditioned": "refurb", "recertified": "refurb",
    "certified refurbished": "refurb", "seller refurbished": "refurb", "manufacturer refurbished": "refurb",
    "open box": "used", "like new": "used", "pre owned": "used", "preowned": "used", "second hand": "used",
    "secondhand": "used", "used good": "used", "brand new": "new", "sealed": "new", "new in box": "new", "nib": "new",
}
"""Spellings sellers use for the three conditions; an operator's ``value_mappings`` win over these."""
COMPONENT_TYPES = ("cpu", "gpu", "ram", "storage", "ports", "os_license", "misc")


@dataclass(frozen=True)
class EntitySpec:
    """An entity: its table, fields, natural key and how sheets name it."""

    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    natural_key: tuple[str, ...]
    sheet_keywords: tuple[str, ...]
    load_order: int
    """Entities with a lower order load first (listings reference the others)."""

    @property
    def table(self) -> str:
        return self.name

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)

    @property
    def required_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.required)

    @property
    def reference_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.type is FieldType.REFERENCE)


def _name(entity_label: str, *aliases: str) -> FieldSpec:
    return FieldSpec(
        "name",
        FieldType.STRING,
        label="Name",
        required=True,
        unique=True,
        max_length=255,
        aliases=(f"{entity_label} name", "model", *aliases),
    )


_NOTES = FieldSpec("notes", FieldType.TEXT, label="Notes", aliases=("note", "comments", "remarks"))

CPU = EntitySpec(
    name="cpu",
    label="CPU",
    natural_key=("name",),
    sheet_keywords=("cpu", "cpus", "processor", "processors", "passmark"),
    load_order=0,
    fields=(
        _name("cpu", "processor", "cpu model", "processor name"),
        FieldSpec("manufacturer", FieldType.STRING, max_length=64, aliases=("brand", "vendor", "make")),
        FieldSpec("socket", FieldType.STRING, max_length=64, aliases=("cpu socket",)),
        FieldSpec("cores", FieldType.INTEGER, minimum=1, maximum=1024, typical=(1, 192), aliases=("core count", "# cores", "physical cores")),
        FieldSpec("threads", FieldType.INTEGER, minimum=1, maximum=4096, typical=(1, 384), aliases=("thread count", "logical processors", "# threads")),
        FieldSpec("tdp_w", FieldType.NUMBER, label="TDP (W)", minimum=0, maximum=1000, typical=(2, 400), units=_WATTS, aliases=("tdp", "tdp watts", "power")),
        FieldSpec("igpu_model", FieldType.STRING, label="iGPU model", max_length=128, aliases=("igpu", "integrated graphics", "integrated gpu")),
        FieldSpec(
            "cpu_mark_multi", FieldType.INTEGER, label="CPU Mark (multi)", minimum=0, typical=(1000, 150_000),
            aliases=("cpumark", "cpu mark", "passmark", "multi thread mark", "multi-thread score", "passmark multi", "multi thread rating", "cpu mark multi thread"),
        ),
        FieldSpec(
            "cpu_mark_single", FieldType.INTEGER, label="CPU Mark (single)", minimum=0, typical=(300, 6000),
            aliases=("single thread mark", "thread mark", "thread", "single-thread score", "st mark", "passmark single", "cpu mark single thread"),
        ),
        FieldSpec(
            "release_year", FieldType.INTEGER, minimum=1970, maximum=2100, year=True,
            aliases=("year", "released", "launch year", "release date"), suggested_by=("date", "first seen"),
        ),
        _NOTES,
    ),
)

GPU = EntitySpec(
    name="gpu",
    label="GPU",
    natural_key=("name",),
    sheet_keywords=("gpu", "gpus", "graphics", "video cards", "videocards"),
    load_order=0,
    fields=(
        _name("gpu", "graphics card", "gpu model", "video card"),
        FieldSpec("manufacturer", FieldType.STRING, max_length=64, aliases=("brand", "vendor", "make")),
        FieldSpec("gpu_mark", FieldType.INTEGER, label="G3D Mark", minimum=0, typical=(100, 60_000), aliases=("g3d mark", "g3dmark", "passmark", "3d mark")),
        FieldSpec("metal_score", FieldType.INTEGER, minimum=0, aliases=("metal", "geekbench metal")),
        _NOTES,
    ),
)

PORTS_PROFILE = EntitySpec(
    name="ports_profile",
    label="Ports Profile",
    natural_key=("name",),
    sheet_keywords=("ports", "ports profile", "ports profiles", "port profiles", "io"),
    load_order=0,
    fields=(
        _name("ports profile", "profile", "profile name"),
        FieldSpec("description", FieldType.TEXT, aliases=("summary",)),
        FieldSpec("ports", FieldType.PORTS, aliases=("port list", "io ports", "connectivity")),
    ),
)

VALUATION_RULE = EntitySpec(
    name="valuation_rule",
    label="Valuation Rule",
    natural_key=("name",),
    sheet_keywords=("valuation", "valuation rules", "rules", "pricing rules"),
    load_order=0,
    fields=(
        _name("rule", "rule name", "record key"),
        FieldSpec("component_type", FieldType.ENUM, options=COMPONENT_TYPES, aliases=("component", "type", "category")),
        FieldSpec("metric", FieldType.STRING, max_length=64, aliases=("measure", "per")),
        FieldSpec("unit_value_usd", FieldType.NUMBER, label="Unit value (USD)", minimum=0, units=_USD, aliases=("unit value", "value usd", "value", "usd per unit")),
        FieldSpec("condition_new", FieldType.NUMBER, minimum=0, maximum=10, aliases=("new multiplier", "new")),
        FieldSpec("condition_refurb", FieldType.NUMBER, minimum=0, maximum=10, aliases=("refurb multiplier", "refurb", "refurbished")),
        FieldSpec("condition_used", FieldType.NUMBER, minimum=0, maximum=10, aliases=("used multiplier", "used")),
        _NOTES,
        # A bucket of the valuation reference: a price range for one field of one entity.
        FieldSpec("target_entity", FieldType.STRING, label="Entity", max_length=64, description="Entity whose field the rule values (e.g. Listing).", aliases=("entity", "applies to")),
        FieldSpec("target_field", FieldType.STRING, label="Field", max_length=64, description="Field the rule values (e.g. cpu_id).", aliases=("field", "field id")),
        FieldSpec("bucket_label", FieldType.STRING, max_length=255, description="The bucket's label (e.g. a CPU generation).", aliases=("bucket", "bucket name", "tier")),
        FieldSpec("min_usd", FieldType.NUMBER, label="Min (USD)", units=_USD, aliases=("min", "minimum usd", "min value usd", "low usd")),
        FieldSpec("max_usd", FieldType.NUMBER, label="Max (USD)", units=_USD, aliases=("max", "maximum usd", "max value usd", "high usd")),
        FieldSpec("min_multiplier", FieldType.NUMBER, minimum=0, maximum=10, aliases=("minimum multiplier",)),
        FieldSpec("max_multiplier", FieldType.NUMBER, minimum=0, maximum=10, aliases=("maximum multiplier",)),
        FieldSpec("bucket_formula", FieldType.TEXT, description="How this bucket's value is computed, when it has its own formula.", aliases=("formula",)),
        FieldSpec("field_formula", FieldType.TEXT, description="How the field's value is computed.", aliases=("field formula", "rule formula")),
        FieldSpec("unit", FieldType.STRING, max_length=32, description="Unit of the field's value (e.g. USD).", aliases=("field unit",)),
        FieldSpec("dependencies", FieldType.MULTI_ENUM, description="Fields the formula reads (e.g. CPU.cpu_mark_multi), as a list.", aliases=("field dependencies", "depends on", "inputs")),
        FieldSpec("field_description", FieldType.TEXT, description="What the valued field is.", aliases=("field description",)),
    ),
)

LISTING = EntitySpec(
    name="listing",
    label="Listing",
    natural_key=("title",),
    sheet_keywords=("listing", "listings", "deals", "offers", "inventory"),
    load_order=1,
    fields=(
        FieldSpec("title", FieldType.STRING, required=True, unique=True, max_length=255, aliases=("listing title", "listing", "name", "product")),
        FieldSpec("price_usd", FieldType.NUMBER, label="Price (USD)", required=True, minimum=0, typical=(10, 20_000), units=_USD, aliases=("price", "cost", "asking price", "usd")),
        FieldSpec("condition", FieldType.ENUM, options=CONDITIONS, synonyms=CONDITION_SYNONYMS, aliases=("state",)),
        FieldSpec("cpu", FieldType.REFERENCE, label="CPU", references="cpu", aliases=("cpu name", "processor", "cpu model")),
        FieldSpec("gpu", FieldType.REFERENCE, label="GPU", references="gpu", aliases=("gpu name", "graphics", "graphics card")),
        FieldSpec("ram_gb", FieldType.INTEGER, label="RAM (GB)", minimum=0, maximum=16384, typical=(1, 1024), units=_GB, aliases=("ram", "memory", "memory gb")),
        FieldSpec("primary_storage_gb", FieldType.INTEGER, minimum=0, units=_STORAGE_GB, aliases=("storage", "storage gb", "primary storage", "ssd")),
        FieldSpec("primary_storage_type", FieldType.STRING, max_length=64, aliases=("storage type",)),
        FieldSpec("secondary_storage_gb", FieldType.INTEGER, minimum=0, units=_STORAGE_GB, aliases=("secondary storage", "storage 2")),
        FieldSpec("secondary_storage_type", FieldType.STRING, max_length=64, aliases=("storage 2 type",)),
        FieldSpec("os_license", FieldType.STRING, max_length=64, aliases=("os", "operating system", "license")),
        FieldSpec("ports_profile", FieldType.REFERENCE, references="ports_profile", aliases=("ports", "ports profile name", "io profile")),
        _NOTES,
    ),
)

ENTITY_SPECS: dict[str, EntitySpec] = {
    spec.name: spec for spec in (CPU, GPU, PORTS_PROFILE, VALUATION_RULE, LISTING)
}
ENTITY_NAMES: tuple[str, ...] = tuple(ENTITY_SPECS)


class UnknownEntityError(UserFacingError, ValueError):
    """An entity name that is not one of the five."""


def get_entity_spec(name: str) -> EntitySpec:
    """Look an entity up by name (case-insensitive, spaces or dashes allowed)."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return ENTITY_SPECS[key]
    except KeyError:
        valid = ", ".join(ENTITY_NAMES)
        raise UnknownEntityError(f"Unknown entity {name!r}; valid entities are: {valid}.") from None


def entities_in_load_order(names: set[str] | None = None) -> list[EntitySpec]:
    """Entity specs sorted so that referenced entities load before their referrers."""
    chosen = [spec for spec in ENTITY_SPECS.values() if names is None or spec.name in names]
    return sorted(chosen, key=lambda spec: (spec.load_order, spec.name))
