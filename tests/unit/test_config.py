"""The run configuration: defaults stated once, ranges and paths checked before anything starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from akhbar.config import (
    PREFECT_ENVIRONMENT,
    ConfigError,
    ReadLimits,
    RunConfig,
    akhbar_home,
    default_warehouse,
    parse_field_mapping,
)
from akhbar.warehouse.lock import lock_holder, writer_lock
from tests.conftest import REPO, SEEDS

AKHBAR = str(Path(sys.executable).with_name("akhbar"))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"batch_size": 0}, "--batch-size must be between 1 and 5000, not 0"),
        ({"workers": -3}, "--workers must be 0 (one per CPU) or more, not -3"),
        ({"max_file_mb": 0}, "must be positive"),
        ({"wait_s": -1}, "--wait must be 0 or more"),
        ({"field_mapping": {"bdy": "text"}}, "--map: unknown article part"),
    ],
)
def test_out_of_range_options_are_refused_with_the_option_name(options, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        RunConfig.build([str(SEEDS)], "/tmp/wh/akhbar.duckdb", **options)


def test_paths_are_made_absolute_and_the_lake_sits_beside_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = RunConfig.build(["inbox", "feeds/**/*.jsonl"], "wh/akhbar.duckdb")
    assert config.sources == (str(tmp_path / "inbox"), str(tmp_path / "feeds/**/*.jsonl"))
    assert config.warehouse == str(tmp_path / "wh" / "akhbar.duckdb")
    assert config.lake == str(tmp_path / "wh" / "lake")
    assert RunConfig.build(["inbox"], "wh/a.duckdb", "s3://bucket/lake").lake == "s3://bucket/lake"


def test_akhbar_home_decides_the_default_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("AKHBAR_WAREHOUSE", raising=False)
    monkeypatch.setenv("AKHBAR_HOME", str(tmp_path))
    assert akhbar_home() == tmp_path
    assert default_warehouse() == str(tmp_path / "warehouse" / "akhbar.duckdb")
    monkeypatch.delenv("AKHBAR_HOME")
    # Installed from this checkout: its warehouse folder, whatever the current folder.
    monkeypatch.chdir(tmp_path)
    assert default_warehouse() == str(REPO / "warehouse" / "akhbar.duckdb")
    monkeypatch.setenv("AKHBAR_WAREHOUSE", "elsewhere/w.duckdb")
    assert default_warehouse() == str(tmp_path / "elsewhere" / "w.duckdb")


def test_environment_checks(tmp_path):
    RunConfig.build([str(SEEDS)], str(tmp_path / "new" / "wh" / "a.duckdb")).check_environment()
    (tmp_path / "inbox").mkdir()
    # A glob that matches nothing yet is fine (an inbox): its folder exists.
    RunConfig.build([str(tmp_path / "inbox" / "*.txt")], str(tmp_path / "a.duckdb")).check_environment()
    with pytest.raises(ConfigError, match="does not exist"):
        RunConfig.build([str(tmp_path / "missing")], str(tmp_path / "a.duckdb")).check_environment()
    with pytest.raises(ConfigError, match="the folder .* does not exist"):
        RunConfig.build([str(tmp_path / "nowhere" / "*.txt")], str(tmp_path / "a.duckdb")).check_environment()
    if os.geteuid() != 0:  # root reads and writes everything
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(ConfigError, match="not writable"):
            RunConfig.build([str(SEEDS)], str(locked / "a.duckdb")).check_environment()


def test_field_mapping_and_read_limits():
    assert parse_field_mapping(["body=text", " title = headline "]) == {"body": "text", "title": "headline"}
    assert parse_field_mapping([]) is None
    with pytest.raises(ConfigError, match="PART=FIELD"):
        parse_field_mapping(["body"])
    with pytest.raises(ConfigError, match="--threads"):
        ReadLimits(threads=0)
    with pytest.raises(ConfigError, match="--timeout"):
        ReadLimits(timeout_s=0)


def test_dask_address_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.delenv("AKHBAR_DASK_ADDRESS", raising=False)
    assert RunConfig.build([str(SEEDS)]).dask_address is None
    assert RunConfig.build([str(SEEDS)], dask_address="LOCAL").dask_address == "local"
    monkeypatch.setenv("AKHBAR_DASK_ADDRESS", "10.0.0.5:8786")
    config = RunConfig.build([str(SEEDS)])
    assert config.dask_address == "tcp://10.0.0.5:8786"
    assert config.flow_parameters()["dask_address"] == "tcp://10.0.0.5:8786"
    # The option wins over the environment; a bad address is refused whichever gave it.
    assert RunConfig.build([str(SEEDS)], dask_address="tls://[::1]:8786").dask_address == "tls://[::1]:8786"
    monkeypatch.setenv("AKHBAR_DASK_ADDRESS", "tcp://scheduler:port")
    with pytest.raises(ConfigError, match="--dask takes 'local' or a Dask scheduler address"):
        RunConfig.build([str(SEEDS)])


def test_a_listening_scheduler_port_passes_the_check_and_a_closed_one_does_not():
    import socket

    from akhbar.config import check_scheduler_reachable

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        check_scheduler_reachable(address)
    with pytest.raises(ConfigError, match=f"no Dask scheduler answers at {address}"):
        check_scheduler_reachable(address)


def test_input_settings_name_the_version_and_mapping():
    config = RunConfig.build([str(SEEDS)], "/tmp/wh/a.duckdb", field_mapping={"body": "text"})
    settings = json.loads(config.input_settings)
    assert settings["field_mapping"] == {"body": "text"} and settings["akhbar"]


def test_lock_holder(tmp_path):
    warehouse = tmp_path / "akhbar.duckdb"
    assert lock_holder(warehouse) is None
    with writer_lock(warehouse):
        assert lock_holder(warehouse) == f"pid {os.getpid()}"
    assert lock_holder(warehouse) is None


# --- `akhbar run` refuses mistakes before Prefect starts ----------------------------------------


def _run_cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AKHBAR_"))}
    env.update(PREFECT_ENVIRONMENT, PREFECT_HOME=str(tmp_path / "prefect-home"))
    return subprocess.run([AKHBAR, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "/no/such/path"], "akhbar run: source '/no/such/path' does not exist"),
        (["--batch-size", "0"], "akhbar run: --batch-size must be between 1 and 5000, not 0"),
        (["--workers", "-3"], "akhbar run: --workers must be 0 (one per CPU) or more, not -3"),
        (["--map", "body"], "akhbar run: --map takes PART=FIELD (e.g. body=text), not 'body'"),
        (["--dask", "http://x:8786"], "akhbar run: --dask takes 'local' or a Dask scheduler address tcp://HOST:PORT, not 'http://x:8786'"),
        (["--dask", "tcp://host"], "akhbar run: --dask takes 'local' or a Dask scheduler address tcp://HOST:PORT, not 'tcp://host'"),
        # Port 1 on this machine: nothing listens there (a port below 1024 needs root to listen on).
        (["--dask", "127.0.0.1:1"], "akhbar run: no Dask scheduler answers at tcp://127.0.0.1:1 (Connection refused); "
         "start one with `dask scheduler`, or use --dask local"),
    ],
)
def test_run_mistakes_are_usage_errors_before_prefect_starts(tmp_path, args, message):
    done = _run_cli(["run", "--warehouse", str(tmp_path / "wh" / "a.duckdb"), *args], tmp_path)
    assert (done.returncode, done.stderr.strip().splitlines()) == (2, [message])
    # Prefect creates its home when it starts: it never did.
    assert not (tmp_path / "prefect-home").exists()
    assert not (tmp_path / "wh").exists()


def test_a_held_writer_lock_is_a_usage_error_at_once(tmp_path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    with writer_lock(warehouse):
        done = _run_cli(["run", "--source", str(SEEDS), "--warehouse", str(warehouse)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"akhbar run: another akhbar run (pid {os.getpid()}) is writing to {warehouse}; try again when it finishes, or pass --wait SECONDS"
    ]
    assert not (tmp_path / "prefect-home").exists()


def test_ner_eval_of_a_missing_file_is_one_line(tmp_path):
    done = _run_cli(["ner-eval", str(tmp_path / "missing.conll")], tmp_path)
    assert (done.returncode, done.stderr.strip().splitlines()) == (2, [f"akhbar ner-eval: no CoNLL file at {tmp_path / 'missing.conll'}"])


def test_version_and_help_of_every_command(tmp_path):
    version = _run_cli(["--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("akhbar ")
    for command in ("run", "sql", "serve", "search", "report", "docs", "ner-eval"):
        shown = _run_cli([command, "--help"], tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert "examples:" in shown.stdout, command
    # Every option and argument of every command has its line of help.
    from akhbar.cli import _parser

    commands = next(a for a in _parser()._actions if a.dest == "command").choices
    for name in ("run", "sql", "serve", "search", "report", "docs", "ner-eval"):
        undocumented = [a.dest for a in commands[name]._actions if not a.help]
        assert not undocumented, (name, undocumented)
