"""`python -m akhbar.bench_load`: the load's memory under different writer limits.

The full run's peak memory (``akhbar bench``) is reached in the load, where the flow's process
holds DuckDB's buffer pool, the run's uncommitted rows and the entity resolution's Python
objects. To choose the writer's memory limit, this stages a corpus once (the transform, in a
process pool, as a run would) and then replays the load alone from those staged files, in a
fresh process per limit, into a fresh warehouse: it prints whether each limit completes and the
load process's peak resident memory (sampled from /proc). The process imports what the load
needs, not Prefect, so the flow's own imports (~150 MB more) and Prefect's server come on top.

    python -m akhbar.bench_load --corpus ../shared/corpora/saudinewsnet --limits 320MB,384MB,512MB
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_CORPUS = "../shared/corpora/saudinewsnet"
RUN_ID = "20261207T000000Z-00000000"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m akhbar.bench_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help=f"folder of the corpus (default {DEFAULT_CORPUS})")
    parser.add_argument("--limits", default="320MB,384MB,512MB", help="writer memory limits to try, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="transform processes (default: one per CPU)")
    parser.add_argument("--scratch", help="folder for the staged files and warehouses (default: a temporary one)")
    parser.add_argument("--replay", nargs=2, metavar=("STAGED", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replay:
        print(json.dumps(_replay(Path(args.replay[0]), Path(args.replay[1]))))
        return 0
    scratch = Path(args.scratch or tempfile.mkdtemp(prefix="akhbar-bench-load-"))
    staged = scratch / "staged"
    if not (staged / "staged.pkl").exists():
        seconds = _stage(Path(args.corpus), staged, args.workers)
        print(f"staged {args.corpus} in {seconds:.1f}s", flush=True)
    results = []
    for limit in args.limits.split(","):
        env = dict(os.environ, AKHBAR_DUCKDB_MEMORY_LIMIT=limit.strip())
        command = [sys.executable, "-m", "akhbar.bench_load", "--replay", str(staged), str(scratch / f"load-{limit.strip()}")]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        results.append(result)
        print(f"limit {result['limit']}: {'completed' if result['ok'] else 'FAILED: ' + result['error']}, "
              f"load {result['load_s']:.1f}s, peak RSS {result['peak_rss_mb']:.0f} MB", flush=True)
    print(json.dumps({"corpus": args.corpus, "loads": results, "cpus": os.cpu_count()}))
    if not args.scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _stage(corpus: Path, staged: Path, workers: int) -> float:
    """Transform the corpus into staged files, as a run's workers do; keep what the load needs."""
    from akhbar.batching import plan_batches
    from akhbar.config import DEFAULT_BATCH_SIZE
    from akhbar.sources import discover
    from akhbar.staging import BatchJob, stage_batch
    from akhbar.tasks.transform import WORKER_ENVIRONMENT

    os.environ.update({k: v for k, v in WORKER_ENVIRONMENT.items() if k not in os.environ})
    started = time.perf_counter()
    found = discover([str(corpus)], {}, {})
    now = datetime.now(timezone.utc)
    # A first load into an empty warehouse: no publisher tags known from earlier runs.
    jobs = [BatchJob(b, i, RUN_ID, now, str(staged), full_refresh=True) for i, b in enumerate(plan_batches(found.items, DEFAULT_BATCH_SIZE))]
    # Spawned, as a run's workers are: forked ones would inherit this process's BLAS, loaded with
    # one thread per core before WORKER_ENVIRONMENT was set, and spin against each other.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        batches = list(pool.map(stage_batch, jobs))
    with open(staged / "staged.pkl", "wb") as out:
        pickle.dump({"batches": batches, "files": found.files, "started": now, "run_id": RUN_ID}, out)
    return time.perf_counter() - started


def _replay(staged: Path, target: Path) -> dict:
    """Load a copy of the staged files into a fresh warehouse; peak RSS of this process."""
    import pyarrow as pa

    from akhbar.schema import SOURCE_FILES
    from akhbar.warehouse.db import WRITER_MEMORY_LIMIT, connect_writer
    from akhbar.warehouse.lake import Lake
    from akhbar.warehouse.load import RunInfo, load_run

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(staged, target / "lake")
    with open(target / "lake" / "staged.pkl", "rb") as f:
        saved = pickle.load(f)
    run_id = saved.get("run_id", RUN_ID)
    lake = Lake(target / "lake")
    files: dict[str, list[str]] = defaultdict(list)
    per_path: Counter[str] = Counter()
    for batch in saved["batches"]:
        per_path.update(batch.documents_per_path)
        for table, paths in batch.files.items():
            files[table].extend(lake.uri(p.replace(str(staged), str(target / "lake"), 1)) for p in paths)
    manifest = pa.Table.from_pylist(
        [{"path": f.path, "byte_size": f.byte_size, "mtime_ns": f.mtime_ns, "content_hash": f.content_hash,
          "documents": per_path.get(f.path, 0), "run_id": run_id} for f in saved["files"]],
        schema=SOURCE_FILES.schema,
    )
    sampler = _PeakRss()
    sampler.start()
    started = time.perf_counter()
    error = None
    try:
        with connect_writer(target / "akhbar.duckdb") as con:
            load_run(con, dict(files), RunInfo(run_id, None, saved["started"], 0, None),
                     finished_at=datetime.now(timezone.utc), source_files=manifest)
    except Exception as exc:  # the figure to report is which limit fails, and where
        error = str(exc).splitlines()[0]
    seconds = time.perf_counter() - started
    shutil.rmtree(target, ignore_errors=True)
    return {"limit": WRITER_MEMORY_LIMIT, "ok": error is None, "error": error, "load_s": round(seconds, 1),
            "peak_rss_mb": round(sampler.peak_kb / 1024, 1)}


class _PeakRss(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0

    def run(self) -> None:
        while True:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
