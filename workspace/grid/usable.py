"""Enabling a button so that it also looks disabled: Quasar's disabled outline button looks almost like an enabled one."""

from __future__ import annotations

from typing import Any


def set_usable(button: Any, usable: bool) -> None:
    """Enable or disable ``button``; a disabled one is drawn flat and grey, an enabled one outlined."""
    button.enabled = usable
    if usable:
        button.props(remove="flat", add="outline color=primary")
    else:
        button.props(remove="outline", add="flat color=grey-6")
