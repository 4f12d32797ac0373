"""Every workspace page, registered in one place: its path, its navigation label and section, and its builder.

A page module exposes ``build(path)``: it opens `page_frame` and fills it from
one service. `mount_workspace` turns each entry into a NiceGUI page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workspace.pages import (
    audit,
    cpus,
    custom_fields,
    gpus,
    home,
    imports,
    listings,
    ports_profiles,
    sign_in,
    valuation_rules,
)

REFERENCE = "Reference"


@dataclass(frozen=True)
class WorkspacePage:
    path: str
    label: str
    section: str | None
    build: Callable[[str], None]
    in_navigation: bool = True


PAGES: tuple[WorkspacePage, ...] = (
    WorkspacePage("/", "Home", None, home.build),
    WorkspacePage("/cpus", "CPUs", REFERENCE, cpus.build),
    WorkspacePage("/gpus", "GPUs", REFERENCE, gpus.build),
    WorkspacePage("/listings", "Listings", REFERENCE, listings.build),
    WorkspacePage("/valuation-rules", "Valuation Rules", REFERENCE, valuation_rules.build),
    WorkspacePage("/ports-profiles", "Ports Profiles", REFERENCE, ports_profiles.build),
    WorkspacePage("/custom-fields", "Custom Fields", REFERENCE, custom_fields.build),
    WorkspacePage("/imports", "Imports", None, imports.build),
    WorkspacePage("/audit", "Audit", None, audit.build),
    WorkspacePage("/sign-in", "Sign in", None, sign_in.build, in_navigation=False),
)
