"""The benchmark's printed tables: stages per scenario, then ours against the baseline and the targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealbrain.importing.spine import STAGE_NAMES

STAGES = (*STAGE_NAMES, "commit")
"""The spine's preview stages, then the commit: the columns of the per-stage tables."""


@dataclass
class ScenarioOutcome:
    """One scenario measured: our seconds (as the target counts them), the baseline's, memory, verdict."""

    key: str
    title: str
    target_seconds: float
    target_mb: float | None
    ours_seconds: float | None = None
    baseline_seconds: float | None = None
    baseline_note: str = ""
    peak_mb: float | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)
    """The process's peak memory once each stage was done."""
    error: str | None = None
    """One line saying what went wrong (the traceback is printed when it happens)."""

    @property
    def passed(self) -> bool:
        if self.error or self.ours_seconds is None:
            return False
        fast_enough = self.ours_seconds < self.target_seconds
        small_enough = self.target_mb is None or (self.peak_mb is not None and self.peak_mb < self.target_mb)
        return fast_enough and small_enough

    @property
    def target(self) -> str:
        memory = f", < {self.target_mb:,.0f} MB" if self.target_mb else ""
        return f"< {self.target_seconds:g} s{memory}"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    line = "  ".join("{:<%d}" % width for width in widths)
    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line.format(*headers), rule, *(line.format(*row) for row in rows)])


def stage_table(outcomes: list[ScenarioOutcome]) -> str:
    """Seconds per pipeline stage for every scenario, and the peak memory of its process."""
    rows = [
        [o.key, *(_seconds(o.stage_seconds.get(stage)) for stage in STAGES), _seconds(sum(o.stage_seconds.values()) or None),
         "-" if o.peak_mb is None else f"{o.peak_mb:,.0f}"]
        for o in outcomes
    ]
    return text_table(["scenario", *STAGES, "total", "peak MB"], rows)


def memory_table(outcomes: list[ScenarioOutcome]) -> str:
    """Peak memory (MB) of the process once each stage was done: where the peak was reached."""
    rows = [
        [o.key, *("-" if stage not in o.stage_peak_mb else f"{o.stage_peak_mb[stage]:,.0f}" for stage in STAGES)]
        for o in outcomes
    ]
    return text_table(["scenario", *STAGES], rows)


def summary_table(outcomes: list[ScenarioOutcome]) -> str:
    """Scenario, ours, baseline, ratio, peak memory, target and verdict."""
    rows = []
    for o in outcomes:
        ratio = (
            f"{o.baseline_seconds / o.ours_seconds:.1f}x"
            if o.baseline_seconds is not None and o.ours_seconds
            else "-"
        )
        verdict = "ERROR" if o.error else ("PASS" if o.passed else "FAIL <<<")
        rows.append([
            f"({o.key}) {o.title}", _seconds(o.ours_seconds), _seconds(o.baseline_seconds), ratio,
            "-" if o.peak_mb is None else f"{o.peak_mb:,.0f}", o.target, verdict,
        ])
    return text_table(["scenario", "ours s", "baseline s", "ratio", "peak MB", "target", "result"], rows)


def notes(outcomes: list[ScenarioOutcome]) -> list[str]:
    lines = [f"({o.key}) baseline: {o.baseline_note}" for o in outcomes if o.baseline_note]
    lines += [f"({o.key}) ERROR: {o.error}" for o in outcomes if o.error]
    return lines
