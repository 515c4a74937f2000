"""`akhbar bench`: the full pipeline over a corpus, a no-op rerun, and DuckDB alone as the floor.

Everything runs in one invocation on one machine so the figures are comparable: the runs are
`akhbar run` subprocesses (Prefect start-up included, as a user pays it), their process trees'
memory is sampled from /proc, and the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import duckdb

DEFAULT_CORPUS = "../shared/corpora/saudinewsnet"
QUERY_REPEATS = 5

# The analyst questions whose speed the benchmark reports (parameters bound, never formatted in).
QUERIES = {
    "top_entities_by_type_for_a_month": (
        "SELECT e.entity_type, e.name, count(*) AS mentions FROM entity_mentions m "
        "JOIN entities e USING (entity_id) JOIN articles a USING (article_id) "
        "WHERE a.published_date >= $start AND a.published_date < $start + INTERVAL 1 MONTH "
        "GROUP BY e.entity_type, e.name QUALIFY row_number() OVER (PARTITION BY e.entity_type ORDER BY count(*) DESC) <= 20"
    ),
    "daily_counts_of_a_keyword": (
        "SELECT a.published_date, count(*) FROM article_keywords ak JOIN keywords k USING (keyword_id) "
        "JOIN articles a USING (article_id) WHERE k.keyword_norm = $keyword GROUP BY 1 ORDER BY 1"
    ),
    "entities_cooccurring_with_an_entity": (
        "WITH target AS (SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id = $entity) "
        "SELECT e.name, e.entity_type, count(DISTINCT m.article_id) AS articles FROM entity_mentions m "
        "JOIN target USING (article_id) JOIN entities e USING (entity_id) WHERE m.entity_id <> $entity "
        "GROUP BY e.name, e.entity_type ORDER BY articles DESC LIMIT 20"
    ),
    "articles_of_a_publisher_on_a_day": (
        "SELECT article_id, title FROM articles WHERE publisher = $publisher AND published_date = $day"
    ),
}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures; the last line is one JSON object."""
    parser = argparse.ArgumentParser(prog="akhbar bench", description=__doc__)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of the corpus (default %(default)s)")
    parser.add_argument("--workers", type=int, default=0, help="transform processes (default: one per CPU)")
    parser.add_argument(
        "--dask", metavar="ADDRESS",
        help="the runs' transform on a Dask cluster (`akhbar run --dask`): 'local' (its workers are the run's "
        "children, so their memory is counted) or a scheduler's tcp://HOST:PORT (its workers' memory is not counted)",
    )
    parser.add_argument("--keep", metavar="DIR", help="build the warehouse here and keep it")
    parser.add_argument(
        "--reprocess", metavar="PARTS", help="then time `akhbar run --reprocess PARTS` on the warehouse built (e.g. entities,keywords,search)"
    )
    parser.add_argument(
        "--lake", metavar="URI", help="put the runs' lake here, e.g. s3://bucket/fresh-prefix (AWS_* variables as for `akhbar run`); give an empty prefix"
    )
    parser.add_argument("--catalog", metavar="CATALOG", help="the runs' DuckLake catalog (as `akhbar run --catalog`)")
    args = parser.parse_args(argv)
    storage = [*(["--lake", args.lake] if args.lake else []), *(["--catalog", args.catalog] if args.catalog else [])]
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"akhbar bench: no corpus at {corpus}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        warehouse = root / "warehouse" / "akhbar.duckdb"
        dask = ["--dask", args.dask] if args.dask else []
        if args.dask and args.dask.lower() != "local":
            print(f"the Dask workers at {args.dask} run elsewhere: their memory and CPU are not in the figures", file=sys.stderr)
        full = _timed_run(corpus, warehouse, args.workers, [*dask, *storage])
        cpu = full["cpu_by_role_s"]
        print(
            f"full run: {full['wall_s']:.1f}s wall, peak RSS {full['peak_rss_mb']:.0f} MB, "
            f"{sum(cpu.values()):.0f} CPU s ({', '.join(f'{k} {v:.0f}' for k, v in cpu.items())})",
            file=sys.stderr,
        )
        noop = _timed_run(corpus, warehouse, args.workers, [*dask, *storage])
        print(f"no-op rerun: {noop['wall_s']:.1f}s wall ({noop['work_s']:.2f}s of work)", file=sys.stderr)
        floor = _duckdb_floor(corpus, Path(tmp) / "floor")
        print(f"DuckDB alone: {floor:.1f}s", file=sys.stderr)
        figures = _warehouse_figures(warehouse)
        queries = _query_times(warehouse)
        if args.reprocess:
            rederive = _timed_run(corpus, warehouse, args.workers, [*dask, *storage, "--reprocess", args.reprocess])
            print(f"reprocess {args.reprocess}: {rederive['wall_s']:.1f}s wall, peak RSS {rederive['peak_rss_mb']:.0f} MB", file=sys.stderr)
    result = {
        "documents": full["summary"]["documents_seen"],
        "articles": figures["articles"],
        "words": figures["words"],
        "stages_s": full["summary"]["stages_s"],
        "total_s": round(full["wall_s"], 2),
        "words_per_s": round(figures["words"] / full["wall_s"]),
        "peak_rss_mb": round(full["peak_rss_mb"], 1),
        "peak_rss_by_process_mb": full["peak_by_role_mb"],
        "cpu_s_by_process": full["cpu_by_role_s"],
        "noop_rerun_s": round(noop["work_s"], 2),
        "noop_rerun_wall_s": round(noop["wall_s"], 2),
        "floor_s": round(floor, 2),
        "ratio_to_floor": round(full["wall_s"] / floor, 1),
        "queries_ms": queries,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "duckdb": duckdb.__version__},
    }
    if args.dask:
        # Said in the figures themselves: a remote cluster's workers are not in peak_rss_mb.
        counted = args.dask.lower() == "local"
        result["dask"] = {"address": args.dask, "workers_memory_counted": counted, "workers_cpu_counted": counted}
    if args.reprocess:
        result["reprocess"] = {
            "parts": args.reprocess,
            "articles": figures["articles"],
            "stages_s": rederive["summary"]["stages_s"],
            "total_s": round(rederive["wall_s"], 2),
            "peak_rss_mb": round(rederive["peak_rss_mb"], 1),
            "peak_rss_by_process_mb": rederive["peak_by_role_mb"],
            "cpu_s_by_process": rederive["cpu_by_role_s"],
        }
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _timed_run(corpus: Path, warehouse: Path, workers: int, extra: list[str] | None = None) -> dict:
    command = [sys.executable, "-m", "akhbar.cli", "run", "--source", str(corpus), "--warehouse", str(warehouse), "--json"]
    command += ["--workers", str(workers), *(extra or [])]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sampler = _RssSampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"akhbar bench: the run failed (exit {process.returncode})")
    summary = json.loads(out.strip().splitlines()[-1])
    work = sum(summary["stages_s"].values())
    return {
        "wall_s": wall, "work_s": work, "peak_rss_mb": sampler.peak_mb, "peak_by_role_mb": sampler.peak_by_role_mb,
        "cpu_by_role_s": sampler.cpu_by_role_s, "summary": summary,
    }


class _RssSampler(threading.Thread):
    """Peak resident memory of a process and all its descendants, sampled from /proc, with how
    that peak divides between the run's processes (flow, Prefect's server, transform workers),
    and the CPU seconds each of those roles used.

    CPU is each process's user + system time as last sampled: what a process does after the last
    sample before it ends (at most ``interval``) is not counted. On 2 cores the run's wall time
    cannot fall below half its CPU total, which is why the bench reports it.
    """

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self.peak_by_role_mb: dict[str, float] = {}
        self._cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU seconds last seen)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = _tree(self.pid)
            for p in pids:
                seconds = _cpu_s(p)
                if seconds is not None:
                    # A child's role is read again while it looks like "other": until it execs,
                    # /proc shows its parent's command line.
                    known = self._cpu.get(p)
                    self._cpu[p] = (known[0] if known and known[0] != "other" else self._role_of(p), seconds)
            sample = {p: _rss_kb(p) / 1024 for p in pids}
            total = sum(sample.values())
            if total > self.peak_mb:
                self.peak_mb = total
                roles: dict[str, float] = {}
                for p, mb in sample.items():
                    role = self._role_of(p)
                    roles[role] = round(roles.get(role, 0.0) + mb, 1)
                self.peak_by_role_mb = roles
            time.sleep(self.interval)

    def _role_of(self, pid: int) -> str:
        """The run's own process is the flow; any other, by its command line (_role)."""
        return "flow" if pid == self.pid else _role(pid)

    @property
    def cpu_by_role_s(self) -> dict[str, float]:
        """CPU seconds per role, over every process seen during the run."""
        roles: dict[str, float] = {}
        for role, seconds in self._cpu.values():
            roles[role] = roles.get(role, 0.0) + seconds
        return {role: round(seconds, 1) for role, seconds in sorted(roles.items())}

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """The process and its descendants. Children are listed per thread in /proc, and the
    transform's worker processes are started from a thread other than the main one, so every
    thread's list is read (the main thread's alone misses the workers)."""
    pids, frontier = [pid], [pid]
    while frontier:
        current = frontier.pop()
        try:
            threads = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for thread in threads:
            try:
                children = (thread / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                pids.append(child)
                frontier.append(child)
    return pids


def _role(pid: int) -> str:
    """What a child process of the run is, from its command line. The workers of `--dask local`
    are spawned by multiprocessing too, so they count as transform workers."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    if "multiprocessing" in command:
        return "transform_workers"
    if "uvicorn" in command or "prefect.server" in command:
        return "prefect_server"
    return "other"


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process (all its threads), or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces: the fields that follow come after its ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _duckdb_floor(corpus: Path, scratch: Path) -> float:
    """Seconds for DuckDB alone to load the corpus's JSON into a table (unzipping not timed)."""
    scratch.mkdir(parents=True, exist_ok=True)
    for archive in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(scratch)
    files = sorted(str(p) for p in scratch.rglob("*.json"))
    started = time.perf_counter()
    with duckdb.connect(str(scratch / "floor.duckdb")) as con:
        con.execute("CREATE TABLE raw AS SELECT * FROM read_json(?, format = 'array')", [files])
    return time.perf_counter() - started


def _warehouse_figures(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        articles, words = con.execute("SELECT count(*), coalesce(sum(word_count), 0) FROM articles").fetchone()
    return {"articles": articles, "words": int(words)}


def _query_times(warehouse: Path) -> dict[str, float]:
    """Median milliseconds of each analyst query, with realistic parameters from the data."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        params = _query_params(con)
        times = {}
        for name, sql in QUERIES.items():
            wanted = {k: v for k, v in params.items() if f"${k}" in sql}
            samples = []
            for _ in range(QUERY_REPEATS):
                started = time.perf_counter()
                con.execute(sql, wanted).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            times[name] = round(statistics.median(samples), 1)
    return times


def _query_params(con: duckdb.DuckDBPyConnection) -> dict:
    # A corpus without dates still binds a DATE (NULL has no type to add a month to).
    start = con.execute(
        "SELECT coalesce(date_trunc('month', min(published_date))::DATE, DATE '1970-01-01') FROM articles"
    ).fetchone()[0]
    keyword = con.execute(
        "SELECT k.keyword_norm FROM article_keywords ak JOIN keywords k USING (keyword_id) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    entity = con.execute("SELECT entity_id FROM entities ORDER BY mention_count DESC LIMIT 1").fetchone()
    publisher_day = con.execute(
        "SELECT publisher, published_date FROM articles WHERE publisher IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return {
        "start": start,
        "keyword": keyword[0] if keyword else "",
        "entity": entity[0] if entity else "",
        "publisher": publisher_day[0] if publisher_day else "",
        "day": publisher_day[1] if publisher_day else start,
    }


if __name__ == "__main__":
    sys.exit(main())
