"""The modules a CLI import loads, and a trivial job run after loading them: the floor of ``importer import``.

``python -m bench.import_census census OUT ARGS...`` runs ``importer ARGS...`` in
this process and writes the names of every module loaded by its end to OUT, one a
line, in the order they were loaded. `bench.trivial_job` with ``--preload OUT``
imports them all before its run: the same run of seven trivial assets, in a
process that has paid for everything an import imports. Its time over the bare
trivial job is what the imports alone cost, before any import work is done.
"""

from __future__ import annotations

import sys
from pathlib import Path


def census(out: Path, arguments: list[str]) -> int:
    from cli.app import main

    sys.argv = ["importer", *arguments]
    try:
        main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    else:
        code = 0
    out.write_text("\n".join(name for name in list(sys.modules) if name != "__main__") + "\n", encoding="utf-8")
    return code


def preload(modules: Path) -> int:
    """Import every module listed in ``modules`` (those that cannot be imported on their own are skipped); how many were."""
    import importlib

    loaded = 0
    for name in modules.read_text(encoding="utf-8").split():
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - a module only importable from its package's own start-up is skipped
            continue
        loaded += 1
    return loaded


if __name__ == "__main__":
    if sys.argv[1:2] != ["census"]:
        sys.exit("usage: python -m bench.import_census census OUT ARGS...")
    sys.exit(census(Path(sys.argv[2]), sys.argv[3:]))
