"""The Celery settings for a worker that dies mid-step reach both sides: the executor's app and the workers' app.

The behaviour itself (a killed step fails its run, a lost worker's step is
redelivered) is shown against real workers in tests/deploy/test_worker_loss.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from dagster_celery.cli import get_config_dir, get_validated_config
from dagster_celery.executor import CeleryExecutor
from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from dealbrain.settings import ImporterSettings
from pipelines.executors import WORKER_LOSS_SETTINGS, celery_settings

ROOT = Path(__file__).resolve().parents[2]
WORKER_YAML = ROOT / "deploy" / "celery_worker.yaml"


def test_the_worker_configuration_repeats_the_settings_of_the_executor() -> None:
    document = yaml.safe_load(WORKER_YAML.read_text(encoding="utf-8"))
    assert document["execution"]["config"]["config_source"] == WORKER_LOSS_SETTINGS
    executor_side = celery_settings(ImporterSettings(executor="celery"))["config_source"]
    assert {key: executor_side[key] for key in WORKER_LOSS_SETTINGS} == WORKER_LOSS_SETTINGS


def test_a_worker_started_with_the_deploy_configuration_acknowledges_steps_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dagster-celery worker start -y deploy/celery_worker.yaml` writes a config module the worker's app loads."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("IMPORTER_CELERY_BROKER_URL", "pyamqp://guest:guest@127.0.0.1:5672//")
    monkeypatch.setenv("IMPORTER_CELERY_BACKEND_URL", "redis://127.0.0.1:6379/0")
    assert get_validated_config(str(WORKER_YAML))["config_source"] == WORKER_LOSS_SETTINGS
    monkeypatch.syspath_prepend(get_config_dir(str(WORKER_YAML)))
    monkeypatch.delitem(sys.modules, "dagster_celery_config", raising=False)
    try:
        worker_app = make_app()  # as dagster_celery.app builds it in the worker
        step_task = create_task(worker_app)
        assert step_task.acks_late is True
        assert step_task.reject_on_worker_lost is False
        assert worker_app.conf.worker_prefetch_multiplier == 1
        assert worker_app.conf.result_backend == "redis://127.0.0.1:6379/0"
    finally:
        sys.modules.pop("dagster_celery_config", None)


def test_the_executor_app_carries_the_same_settings() -> None:
    config = celery_settings(ImporterSettings(executor="celery"))
    executor_app = make_app(CeleryExecutor.for_cli(**config).app_args())
    assert executor_app.conf.task_acks_late is True
    assert executor_app.conf.task_reject_on_worker_lost is False
