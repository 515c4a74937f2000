"""The transform on a real Dask cluster (issue 17, part 1): `dask scheduler` and two `dask worker`
processes on 127.0.0.1, started by the test, torn down at the end.

- a run on the cluster gives the same tables, row by row, as a process-pool run;
- each worker process loads the NER model and the word lists once, whatever number of batches
  it runs (read from the workers' own caches, not from timings);
- a worker SIGKILLed in the middle of a batch: its batch runs again on the other worker, the run
  completes with the same tables as a clean run, and the next run finds nothing to do;
- a batch Dask gives up on (its workers died): the run stops before the load, nothing loaded,
  and the next run does the work;
- a `--dask local` cluster starts its workers in akhbar's worker environment, quiet on a Ctrl-C;
- Ctrl-C (SIGINT to the process group of a real `akhbar run --dask`, mid-transform) stops the run
  as on the process pool: one line, code 130, nothing loaded or published; a LocalCluster's
  workers die with the run, an external cluster's workers stay and serve the next run, which
  lands everything; a Ctrl-C while a LocalCluster is still starting its workers stops the run,
  its workers and its server, with nothing loaded.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from akhbar.faults import DELAY_VAR
from akhbar.interrupt_bench import interrupt_run, write_pages
from akhbar.tasks.transform import WORKER_ENVIRONMENT, TransformWorkerDied
from tests.conftest import REPO, SEEDS, needs_corpus
from tests.lake_tables import catalog_tables, warehouse_tables
from tests.integration.conftest import query, run_flow, table_snapshot

pytestmark = pytest.mark.slow

# The smallest SaudiNewsNet archive (about 1,300 articles), of which the test takes the first
# SAMPLE_ARTICLES into a zip of the same layout: real articles, a test's budget.
SMALL_ZIP = ("saudinewsnet", "2015-07-23.zip")
SAMPLE_ARTICLES = 200
START_TIMEOUT_S = 90


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    # The venv's own `dask` command, as a user starts it; output kept in files for a failure's message.
    log = open(cwd / f"{args[0]}-{len(list(cwd.glob('*.log')))}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


@contextmanager
def dask_cluster(
    root: Path, worker_envs: list[dict[str, str]], nanny: bool = True, scheduler_env: dict[str, str] | None = None
) -> Iterator[Cluster]:
    """A scheduler (with ``scheduler_env`` added to its environment) and one worker process per
    entry of ``worker_envs`` (extra environment of each), on free ports of 127.0.0.1; every
    process is killed on exit."""
    from distributed import Client

    root.mkdir(parents=True, exist_ok=True)
    base = {**os.environ, **WORKER_ENVIRONMENT, "PYTHONPATH": str(REPO)}  # PYTHONPATH: the probe below
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard", env={**base, **(scheduler_env or {})}, cwd=root)]
    try:
        for n, extra in enumerate(worker_envs):
            processes.append(
                _dask(
                    "worker", address, "--name", f"w{n}", "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                    "--local-directory", str(root / f"w{n}"), *([] if nanny else ["--no-nanny"]),
                    env={**base, **extra}, cwd=root,
                )
            )  # fmt: skip
        with Client(address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(len(worker_envs), timeout=START_TIMEOUT_S)
        yield Cluster(address, processes[1:])
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def worker_caches() -> dict:
    """What one worker process has loaded, from its module-level caches (run on each worker)."""
    from akhbar.ner import _load
    from akhbar.text.wordlists import keys

    model = _load.cache_info()
    lists = keys.cache_info()
    return {"pid": os.getpid(), "model_loads": model.misses, "model_uses": model.hits + model.misses,
            "wordlist_loads": lists.misses, "wordlists": lists.currsize}  # fmt: skip


def _sample_zip(folder: Path) -> Path | None:
    """The first SAMPLE_ARTICLES articles of SMALL_ZIP as a zip in ``folder`` (None without the corpus)."""
    try:
        archive = needs_corpus(*SMALL_ZIP)
    except pytest.skip.Exception:
        return None  # the seeds alone where the shared corpus is absent
    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / archive.name
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(sample, "w", zipfile.ZIP_DEFLATED) as out:
        member = source.namelist()[0]
        articles = json.loads(source.read(member))[:SAMPLE_ARTICLES]
        out.writestr(member, json.dumps(articles, ensure_ascii=False))
    return sample


def test_a_run_on_a_dask_cluster_with_the_lake_on_s3_matches_the_process_pool(s3_lake, tmp_path):
    """End to end, scaled out: Dask workers stage to an S3 lake (moto on 127.0.0.1), the flow loads
    from it; the tables equal a process-pool run's with a local lake, row by row."""
    sample = _sample_zip(tmp_path / "corpus")
    sources = [SEEDS, *([sample] if sample else [])]
    pool = run_flow(sources, tmp_path / "pool" / "akhbar.duckdb", workers=2, report=False)

    # Started after s3_lake set the AWS variables: the workers find the S3 endpoint the same way.
    with dask_cluster(tmp_path / "cluster", [{}, {}]) as cluster:
        # Batches of one item: more batches than workers, so each worker runs several.
        on_dask = run_flow(
            sources, tmp_path / "dask" / "akhbar.duckdb", batch_size=1, report=False, dask_address=cluster.address, lake=s3_lake
        )
        from distributed import Client

        with Client(cluster.address) as client:
            caches = list(client.run(worker_caches).values())

    assert on_dask["documents_new"] == pool["documents_new"] > 0
    assert on_dask["rows_written"] == pool["rows_written"]
    assert table_snapshot(tmp_path / "dask" / "akhbar.duckdb") == table_snapshot(tmp_path / "pool" / "akhbar.duckdb")
    # Readers elsewhere: the DuckLake catalog on S3 holds the warehouse's tables.
    assert catalog_tables(s3_lake) == warehouse_tables(tmp_path / "dask" / "akhbar.duckdb")
    # Each worker tagged several batches' texts with one load of the model and of each word list.
    assert sum(c["model_uses"] for c in caches) >= len(sources) + 1, caches
    for c in caches:
        assert c["model_loads"] <= 1 and c["wordlist_loads"] == c["wordlists"], caches
    assert sum(c["model_loads"] for c in caches) <= 2


def test_a_worker_killed_mid_batch_has_its_batches_rerun(tmp_path):
    clean = tmp_path / "clean" / "akhbar.duckdb"
    run_flow([SEEDS], clean, workers=1, report=False)
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    # Worker w0 SIGKILLs itself in its first batch (akhbar.faults: transform.worker_dies). No
    # nanny, so it stays dead: its batch must run again on w1.
    with dask_cluster(tmp_path / "cluster", [{"AKHBAR_FAILPOINT": "transform.worker_dies"}, {}], nanny=False) as cluster:
        summary = run_flow([SEEDS], warehouse, batch_size=1, report=False, dask_address=cluster.address)
        dying = cluster.workers[0]
        dying.wait(timeout=30)
    assert dying.returncode == -signal.SIGKILL
    assert summary["documents_new"] == len(list(SEEDS.iterdir())) and summary["documents_quarantined"] == 0
    assert table_snapshot(warehouse) == table_snapshot(clean)
    again = run_flow([SEEDS], warehouse, workers=1, report=False)
    assert again["documents_new"] == 0
    assert table_snapshot(warehouse) == table_snapshot(clean)


def test_a_batch_dask_gives_up_on_stops_the_run_before_the_load(tmp_path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    # A scheduler that gives up on a batch at its first lost worker (Dask's default is after 3).
    give_up = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    with dask_cluster(tmp_path / "cluster", [{"AKHBAR_FAILPOINT": "transform.worker_dies"}, {}], nanny=False, scheduler_env=give_up) as cluster:
        with pytest.raises(TransformWorkerDied, match="the run stopped before loading, nothing was changed"):
            run_flow([SEEDS], warehouse, batch_size=1, report=False, dask_address=cluster.address)
    # Nothing loaded: every contract table is empty.
    assert {name: rows for name, rows in table_snapshot(warehouse).items() if rows} == {}
    after = run_flow([SEEDS], warehouse, workers=1, report=False)
    assert after["documents_new"] == len(list(SEEDS.iterdir())) and after["documents_quarantined"] == 0


def _environment(names: list[str]) -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in names}


def _signal_handlers() -> list[str]:
    return [getattr(signal.getsignal(sig), "__name__", str(signal.getsignal(sig))) for sig in (signal.SIGINT, signal.SIGTERM)]


def test_a_local_cluster_starts_its_workers_in_the_worker_environment(monkeypatch):
    from akhbar.tasks.dask_cluster import dask_task_runner
    from akhbar.tasks.transform import _worker_environment

    names = sorted(WORKER_ENVIRONMENT)
    for name in names:
        monkeypatch.delenv(name, raising=False)
    with dask_task_runner("local", 1, _worker_environment) as runner:
        seen = list(runner.client.run(_environment, names).values())
        handlers = list(runner.client.run(_signal_handlers).values())
    assert seen == [WORKER_ENVIRONMENT]
    # A Ctrl-C reaches these workers too (the terminal's process group): they go quiet on it.
    assert handlers == [["_silence_output", "_silence_output"]]
    # Only the workers: the flow's own process keeps its environment.
    assert _environment(names) == dict.fromkeys(names)


# The interrupted runs: generated pages in batches of 10, each batch waiting SLOW_BATCH_S before
# it stages (a delay point, akhbar.faults). The signal goes once the first batches are staged
# (and none for a moment, akhbar.interrupt_bench): the other batches are then in flight or
# queued, four rounds of delays on two workers (longer than the run takes to exit), so it lands
# mid-transform however fast the machine, and an external cluster's workers are still in the
# middle of a batch when the run is gone.
INTERRUPT_PAGES = 100
INTERRUPT_BATCH = 10
SLOW_BATCH_S = 2
SLOW_BATCHES = {DELAY_VAR: f"transform.batch:{SLOW_BATCH_S}"}
INTERRUPTED = "akhbar: interrupted by SIGINT: run stopped; the next run picks up from the last completed load"
# Not the lake's tables: staging (never read) and the catalog's database file (read through
# DuckLake, compared as a reader sees it).
HIDDEN = ("_staging", "_catalog")


def _visible_files(lake: Path) -> set[str]:
    """The lake's files a reader or the next run could take for data."""
    return {str(p.relative_to(lake)) for p in lake.rglob("*") if p.is_file() and p.parts[len(lake.parts)] not in HIDDEN}


def _interrupted_run_id(lake: Path) -> str:
    """The interrupted run's id: the one run left in staging (its batches staged before the signal)."""
    (run,) = [p.name for p in (lake / "_staging").iterdir()]
    return run


def _eventually(condition, timeout_s: float = 120.0) -> bool:
    """Whether ``condition()`` holds within ``timeout_s`` (a bound on waiting, not a speed check)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _warehouse_state(warehouse: Path) -> tuple:
    lake = warehouse.parent / "lake"
    runs = query(warehouse, "SELECT run_id FROM runs ORDER BY run_id")
    return table_snapshot(warehouse), runs, _visible_files(lake), catalog_tables(str(lake))


def _assert_stopped_like_the_pool(result) -> None:
    print(f"\nSIGINT: run exited {result.seconds_to_exit} s after the signal")
    assert result.exit_code == 130
    assert result.stderr_after_signal == [INTERRUPTED]
    assert result.leftovers == [], "processes of the run outlived it"


def test_ctrl_c_stops_a_run_on_a_local_cluster_and_its_workers(tmp_path):
    # A one-off run: no Prefect API configured, so the run starts its temporary server.
    result = interrupt_run(tmp_path, signal.SIGINT, INTERRUPT_PAGES, dask="local", batch_size=INTERRUPT_BATCH, environment=SLOW_BATCHES)
    _assert_stopped_like_the_pool(result)
    assert result.server_gone, "the temporary Prefect server outlived the run"
    assert result.workers_seen == 2 and result.workers_gone, result
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    lake = warehouse.parent / "lake"
    run = _interrupted_run_id(lake)
    # The warehouse's first run: nothing loaded, nothing published, nothing a reader sees.
    assert {name: rows for name, rows in table_snapshot(warehouse).items() if rows} == {}
    assert query(warehouse, "SELECT count(*) FROM runs") == [(0,)]
    assert _visible_files(lake) == set()
    assert {name: rows for name, rows in catalog_tables(str(lake)).items() if rows} == {}
    after = run_flow([tmp_path / "pages"], warehouse, workers=1)
    assert after["documents_new"] == after["documents_loaded"] == INTERRUPT_PAGES
    assert not any(run in path for path in _visible_files(lake))
    assert catalog_tables(str(lake)) == warehouse_tables(warehouse)


def test_ctrl_c_while_the_local_cluster_starts_stops_the_run_and_its_workers(tmp_path):
    # The signal lands as soon as the cluster's worker processes exist, while LocalCluster()
    # waits for them (held in their start-up by a delay point): the run stops at once, its
    # cluster and server with it, nothing loaded, and the run's line is all it prints: a worker
    # hit while its Python is still starting holds the signal back until its preload handles it
    # (before akhbar.interrupt.group_signals_held, it printed a "Fatal Python error" traceback).
    held = {DELAY_VAR: f"dask.worker_start:{SLOW_BATCH_S}"}
    result = interrupt_run(tmp_path, signal.SIGINT, 20, dask="local", batch_size=INTERRUPT_BATCH, environment=held, at_start=True)
    print(f"\nSIGINT during the cluster's start: run exited {result.seconds_to_exit} s after the signal")
    assert result.exit_code == 130
    assert result.stderr_after_signal == [INTERRUPTED]
    assert result.leftovers == [], "processes of the run outlived it"
    assert result.server_gone, "the temporary Prefect server outlived the run"
    assert result.workers_seen >= 1 and result.workers_gone, result
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    assert query(warehouse, "SELECT count(*) FROM runs") == [(0,)]
    assert _visible_files(warehouse.parent / "lake") == set()


def test_ctrl_c_stops_a_run_on_a_cluster_whose_workers_serve_the_next_run(tmp_path):
    from prefect.settings import get_current_settings

    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    lake = warehouse.parent / "lake"
    pages = write_pages(tmp_path / "pages", INTERRUPT_PAGES)
    # As with a real cluster, the run reports to a Prefect server the workers reach too: here the
    # session's (README, "Running on a Dask cluster").
    api = {"PREFECT_API_URL": get_current_settings().api.url}
    # No nannies: the processes the test holds are the workers themselves, whose life it checks.
    with dask_cluster(tmp_path / "cluster", [SLOW_BATCHES, SLOW_BATCHES], nanny=False) as cluster:
        run_flow([SEEDS], warehouse, dask_address=cluster.address)
        before = _warehouse_state(warehouse)
        result = interrupt_run(
            tmp_path / "interrupted", signal.SIGINT, sources=[pages], warehouse=warehouse, dask=cluster.address,
            batch_size=INTERRUPT_BATCH, environment=api,
        )  # fmt: skip
        _assert_stopped_like_the_pool(result)
        assert result.workers_seen == 0  # the cluster's workers are not the run's
        assert [w.poll() for w in cluster.workers] == [None, None], "a cluster worker died with the run"
        run = _interrupted_run_id(lake)
        # Warehouse, published files and the readers' snapshot: as the last completed run left them.
        assert _warehouse_state(warehouse) == before
        # A batch a worker was in the middle of stops at its next chunk instead of running to its
        # end for nobody (akhbar.tasks.dask_cluster.released_task_check).
        logs = sorted((tmp_path / "cluster").glob("worker-*.log"))
        assert _eventually(lambda: any("the run is gone" in log.read_text(errors="replace") for log in logs)), [
            log.read_text(errors="replace")[-2000:] for log in logs
        ]
        # The same workers take the next run.
        after = run_flow([SEEDS, pages], warehouse, dask_address=cluster.address)
    assert after["documents_new"] == after["documents_loaded"] == INTERRUPT_PAGES
    assert after["documents_quarantined"] == 0
    assert not any(run in path for path in _visible_files(lake))
    assert catalog_tables(str(lake)) == warehouse_tables(warehouse)
