"""PORTS cells: the JSON the templates export and the compact text form."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dealbrain.specs.entities import PORTS_PROFILE

PORTS = PORTS_PROFILE.field("ports")
TEMPLATE = Path("/work/shared/data/dealbrain_templates/ports_profile.csv")


def port(kind: str, count: int = 1, notes: str | None = None) -> dict:
    return {"type": kind, "count": count, "spec_notes": notes}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            '[{"type": "usb_a", "count": 4}, {"type": "usb_c", "count": 2, "spec_notes": "USB 3.2 Gen2"}]',
            [port("usb_a", 4), port("usb_c", 2, "USB 3.2 Gen2")],
        ),
        ('[{"type": "hdmi"}]', [port("hdmi")]),
        ('[{"type": "hdmi", "count": 2.0, "spec_notes": null}]', [port("hdmi", 2)]),
        ("[]", []),
        (
            "usb_a x4, usb_c x2 (USB 3.2 Gen2), hdmi",
            [port("usb_a", 4), port("usb_c", 2, "USB 3.2 Gen2"), port("hdmi")],
        ),
        ("usb_c x2 (USB 3.2 Gen2, 10 Gbps)", [port("usb_c", 2, "USB 3.2 Gen2, 10 Gbps")]),
        ("4x usb_a, 2 x displayport", [port("usb_a", 4), port("displayport", 2)]),
        ("USB-A x 3", [port("usb_a", 3)]),
        ("hdmi,", [port("hdmi")]),
    ],
)
def test_accepted_ports(values, cell, expected):
    assert values(PORTS, [cell]) == [expected]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("[{", "is not valid JSON (Expecting property name enclosed in double quotes at character 3)"),
        ('{"type": "hdmi"}', "is JSON but not a list of ports (wrap the objects in [ ])"),
        ('["hdmi"]', "has item 1 that is not an object with a 'type'"),
        ('[{"count": 2}]', "has item 1 without a 'type'"),
        ('[{"type": "hdmi", "count": 0}]', "has item 1 whose count 0 is not a positive whole number"),
        ('[{"type": "hdmi", "count": "two"}]', "has item 1 whose count 'two' is not a positive whole number"),
        ('[{"type": "hdmi", "count": 1.5}]', "has item 1 whose count 1.5 is not a positive whole number"),
        ('[{"type": "hdmi"}, {"type": "dp", "speed": 5}]', "has item 2 with unexpected keys 'speed' (allowed: type, count, spec_notes)"),
        ('[{"type": "hdmi", "spec_notes": 5}]', "has item 1 whose 'spec_notes' is not text"),
        ("usb_c x2 (USB 3.2", "has a '(' that is never closed"),
        ("usb_c x2) hdmi", "has a ')' without a matching '('"),
        ("2x usb_a x3", "has '2x usb_a x3' with two counts"),
        ("usb_a x0", "has 'usb_a x0' whose count is not a positive whole number"),
    ],
)
def test_unreadable_ports_are_reported(coerce_cells, cell, problem):
    result = coerce_cells(PORTS, [cell])
    assert result.frame.get_column("ports").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [f"'{cell}' {problem}"]


def test_ports_note_counts_respelled_types(coerce_cells):
    result = coerce_cells(PORTS, ["USB-A x2", "hdmi", "USB-A x2"])
    assert result.notes == [
        "ports: 2 values had port types respelled as lower-case with underscores"
        " (USB-A x2 -> [type=usb_a count=2])"
    ]


def test_template_ports_column_coerces_cleanly(coerce_cells):
    with TEMPLATE.open(newline="") as handle:
        cells = [row["ports"] for row in csv.DictReader(handle)]
    result = coerce_cells(PORTS, cells)
    assert result.issues.is_empty()
    first = result.frame.get_column("ports").to_list()[0]
    assert port("usb_c", 2, "USB 3.2 Gen2") in first
