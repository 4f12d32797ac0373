"""A recurring source as declared in one YAML file: where files come from, the profile, the trigger, what a clean preview does.

```yaml
# sources/passmark_cpus.yaml  (the file name is the source's name)
description: PassMark CPU list, dropped weekly by the scraper
profile: passmark-cpus          # an import profile (importer profiles list)
files: {folder: /srv/drop/passmark, glob: "*.csv"}   # or {path: /srv/exports/cpus.csv}, or {url: https://...}
trigger: {sensor: {minimum_interval_seconds: 60}}    # or {schedule: "0 6 * * 1"} (a URL is read on a schedule)
on_clean: commit                # or hold: every preview waits for a person
drift: {price_swing_percent: 30, price_swing_share: 0.1, blocking: [price_swings]}
```
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

from dealbrain.sources.drift import DriftThresholds

SOURCE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
DRIFT_CHECKS = ("row_count", "null_rates", "price_swings", "keys")
DriftCheck = Literal["row_count", "null_rates", "price_swings", "keys"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OnClean(StrEnum):
    COMMIT = "commit"
    HOLD = "hold"


URL_DEFAULT_TIMEOUT_SECONDS = 30.0
URL_DEFAULT_MAX_MEGABYTES = 200


class SourceFiles(_Strict):
    """A folder and a glob (every new or changed matching file), one path re-read on each tick, or a URL fetched on each tick."""

    folder: Path | None = Field(default=None, description="Folder to read; relative paths start at the sources folder.")
    glob: str = Field(default="*", description="Which files of the folder, e.g. '*.csv'.")
    path: Path | None = Field(default=None, description="One file, re-read on each tick.")
    url: AnyHttpUrl | None = Field(default=None, description="An http(s) address the run fetches; imported only when its content changed.")
    timeout_seconds: float = Field(default=URL_DEFAULT_TIMEOUT_SECONDS, gt=0, le=600,
                                   description="url only: how long to wait for the server to connect and to send each part.")
    max_megabytes: int = Field(default=URL_DEFAULT_MAX_MEGABYTES, gt=0, description="url only: the largest file the run accepts.")

    @model_validator(mode="after")
    def _one_place(self) -> SourceFiles:
        if sum(place is not None for place in (self.folder, self.path, self.url)) != 1:
            raise ValueError("give one of `folder` (with `glob`), `path` or `url`, not several and not none")
        if self.url is None and {"timeout_seconds", "max_megabytes"} & self.model_fields_set:
            raise ValueError("`timeout_seconds` and `max_megabytes` apply to a `url` only")
        return self


class SensorTrigger(_Strict):
    minimum_interval_seconds: int = Field(default=60, ge=5, description="How often the folder is looked at.")


class SourceTrigger(_Strict):
    """A cron schedule, or a sensor watching the files."""

    schedule: str | None = Field(default=None, description="Cron expression, e.g. '0 6 * * 1'.")
    sensor: SensorTrigger | None = None

    @model_validator(mode="after")
    def _one_trigger(self) -> SourceTrigger:
        if (self.schedule is None) == (self.sensor is None):
            raise ValueError("give either `schedule` (a cron expression) or `sensor`, not both and not neither")
        if self.schedule is not None and len(self.schedule.split()) != 5:
            raise ValueError(f"schedule {self.schedule!r} is not a cron expression of five fields")
        return self


class SourceDrift(_Strict):
    """Drift thresholds against the source's previous import; ``blocking`` lists the checks that hold the session."""

    row_count_change: float = Field(default=0.5, ge=0)
    null_rate_increase: float = Field(default=0.2, ge=0, le=1)
    price_swing_percent: float = Field(default=30.0, gt=0)
    price_swing_share: float = Field(default=0.1, ge=0, le=1)
    vanished_keys_share: float = Field(default=0.2, ge=0)
    new_keys_share: float = Field(default=1.0, ge=0)
    blocking: list[DriftCheck] = Field(default=[], description=f"Checks that hold the session when they fail: {', '.join(DRIFT_CHECKS)}.")

    def thresholds(self) -> DriftThresholds:
        return DriftThresholds(**self.model_dump(exclude={"blocking"}))


class SourceDeclaration(_Strict):
    """One recurring source; ``name`` comes from the file name."""

    name: str
    description: str = ""
    profile: str = Field(description="The import profile every file of this source is imported with.")
    files: SourceFiles
    trigger: SourceTrigger
    on_clean: OnClean = Field(default=OnClean.HOLD, description="commit: clean previews commit unattended; hold: a person decides.")
    drift: SourceDrift = SourceDrift()
    declared_in: Path

    @model_validator(mode="after")
    def _url_on_a_schedule(self) -> SourceDeclaration:
        if self.files.url is not None and self.trigger.sensor is not None:
            raise ValueError("trigger: a `url` source is fetched on a schedule (`trigger: {schedule: ...}`); a sensor watches files")
        return self

    @property
    def url(self) -> str | None:
        return None if self.files.url is None else str(self.files.url)

    def files_now(self) -> list[Path]:
        """The source's files that exist now, oldest first (none for a URL source: its run fetches the file)."""
        if self.files.url is not None:
            return []
        base = self.declared_in.parent
        if self.files.path is not None:
            path = self.files.path if self.files.path.is_absolute() else base / self.files.path
            return [path] if path.is_file() else []
        folder = self.files.folder if self.files.folder.is_absolute() else base / self.files.folder
        if not folder.is_dir():
            return []
        return sorted((p for p in folder.glob(self.files.glob) if p.is_file()), key=lambda p: (p.stat().st_mtime_ns, p.name))


def session_id_for_source(name: str, path: Path) -> str:
    """The session a source's file becomes: the source and the first 16 hex digits of the file's sha256."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"{name}-{digest}"
