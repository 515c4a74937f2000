"""How fast an interrupted ``akhbar run`` stops: ``python -m akhbar.interrupt_bench [--signal TERM] [--dask local|ADDRESS]``.

Starts a real ``akhbar run`` (its own process group, no Prefect API configured, so with its
temporary server) over generated pages, waits until the transform is under way (the pool's
worker processes are up; with ``--dask``, the first batch is staged, so that batches are in
flight and more are to come), sends the signal to the whole group as a terminal (SIGINT) or a
scheduler (SIGTERM) does, and prints one JSON object: seconds from the signal to the run's exit,
its exit code, its output after the signal, and whether its Prefect server and its own worker
processes (the pool's, or a ``--dask local`` cluster's) are gone. A cluster at ``ADDRESS`` is
the caller's: its workers are not the run's and must outlive it.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from akhbar.config import PREFECT_ENVIRONMENT
from akhbar.faults import DELAY_VAR

# Enough pages that two workers are busy for well over a minute on a 2-core machine.
DEFAULT_PAGES = 1200
START_TIMEOUT_S = 180
# On Dask, how long no batch may have been staged before the signal goes (see _wait_for_the_transform).
QUIET_S = 0.5
EXIT_TIMEOUT_S = 60

_PAGE = """{title} {n}
تاريخ النشر: 20th, September 2023 GMT
أعلن المتحدث باسم الكرملين دميتري بيسكوف اليوم أن الرئيس فلاديمير بوتين سيزور مدينة {city} الأسبوع المقبل لبحث التعاون مع وزارة الخارجية.
وقال بيسكوف إن الزيارة رقم {n} ستشمل لقاءات مع مسؤولين في {city} ومناقشة ملفات الطاقة والنقل والتجارة بين البلدين.
المصدر: RT
كلمات دلالية: روسيا, {city}
"""
_CITIES = ("موسكو", "القاهرة", "الرياض", "باكو", "دمشق", "بغداد")
# Prefect's console line for an ordinary log record ("23:52:03.245 | INFO    | Task run ...").
_INFO_LOG_LINE = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} \| INFO +\| ")


@dataclass(frozen=True)
class InterruptResult:
    signal: str
    seconds_to_exit: float
    exit_code: int
    stderr_after_signal: list[str]
    server_gone: bool
    workers_gone: bool
    # The run's own worker processes seen at the signal (0 for a cluster the run only connects to).
    workers_seen: int
    # Any process still running in the run's environment after its exit (a worker a Dask nanny
    # restarted after the signal would not be among those seen at the signal): their commands.
    leftovers: list[str]


def write_pages(folder: Path, pages: int) -> Path:
    """``pages`` distinct raw pages (the seed page's shape) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        text = _PAGE.format(title="بيسكوف يعلن زيارة جديدة", n=n, city=_CITIES[n % len(_CITIES)])
        (folder / f"page_{n:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def run_environment(prefect_home: Path) -> dict[str, str]:
    """The caller's environment without any Prefect API: the run starts its temporary server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AKHBAR_"))}
    env.update(PREFECT_ENVIRONMENT, PREFECT_HOME=str(prefect_home), PYTHONUNBUFFERED="1")
    return env


def interrupt_run(
    workdir: Path,
    sig: signal.Signals = signal.SIGINT,
    pages: int = DEFAULT_PAGES,
    *,
    dask: str | None = None,
    sources: list[Path] | None = None,
    warehouse: Path | None = None,
    batch_size: int = 50,
    environment: dict[str, str] | None = None,
    at_start: bool = False,
) -> InterruptResult:
    """Start a run over generated pages (or ``sources``), signal its process group during the
    transform, time its exit. ``dask`` is passed as ``--dask``; ``environment`` is added to the
    run's (e.g. a delay point, akhbar.faults). ``at_start``: signal as soon as the run's worker
    processes exist (a ``--dask local`` cluster still starting), not once batches are under way."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = sources or [write_pages(workdir / "pages", pages)]
    warehouse = warehouse or workdir / "wh" / "akhbar.duckdb"
    stderr_path = workdir / "stderr.txt"
    akhbar = str(Path(sys.executable).with_name("akhbar"))
    command = [akhbar, "run", *(a for s in sources for a in ("--source", str(s))), "--warehouse", str(warehouse),
               "--workers", "2", "--batch-size", str(batch_size), *(["--dask", dask] if dask else [])]  # fmt: skip
    prefect_home = workdir / "prefect-home"
    env = {**run_environment(prefect_home), **(environment or {})}
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    try:
        if at_start:
            _wait_for_workers(proc, stderr_path)
        else:
            _wait_for_the_transform(proc, warehouse.parent / "lake", stderr_path, dask is not None)
        descendants = _descendants(proc.pid)
        servers = [p for p in descendants if b"uvicorn" in _cmdline(p)]
        workers = [p for p in descendants if b"spawn_main" in _cmdline(p)]
        before = stderr_path.stat().st_size
        signalled = time.monotonic()
        os.killpg(proc.pid, sig)
        code = proc.wait(timeout=EXIT_TIMEOUT_S)
        seconds = time.monotonic() - signalled
        time.sleep(0.5)  # the kernel reaps the orphans of the group
        after = stderr_path.read_bytes()[before:].decode(errors="replace").splitlines()
        return InterruptResult(
            signal=sig.name,
            seconds_to_exit=round(seconds, 2),
            exit_code=code,
            stderr_after_signal=_said_after_the_signal(after),
            server_gone=bool(servers) and not any(_alive(p) for p in servers),
            workers_gone=not any(_alive(p) for p in workers),
            workers_seen=len(workers),
            leftovers=_processes_in_environment(f"PREFECT_HOME={prefect_home}"),
        )
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _said_after_the_signal(lines: list[str]) -> list[str]:
    """The run's output from the signal on, without the ordinary log lines written before its
    interruption line: a batch that finished as the signal came is logged by the main thread while
    the watcher thread is still waking (the size of the output, read just before the signal, cannot
    tell those apart). A traceback, a warning or anything after the interruption line is kept, and
    so is everything when that line is missing."""
    said = [line for line in lines if line.strip()]
    first = next((i for i, line in enumerate(said) if line.startswith("akhbar: interrupted by ")), None)
    if first is None:
        return said
    return [line for line in said[:first] if not _INFO_LOG_LINE.match(line)] + said[first:]


def _wait_for_the_transform(proc: subprocess.Popen, lake: Path, stderr_path: Path, on_dask: bool) -> None:
    """Return once the run is transforming: its pool's workers are busy (up, then a second),
    or, on Dask, batches are staged (the cluster's start and the workers' model loads are behind
    them; the batches not finished are in flight or queued) and no file was staged for a moment:
    Dask workers log each batch's end to the run's terminal, so the signal must not land just as
    one ends."""
    if not on_dask:
        _wait_for_workers(proc, stderr_path)
        time.sleep(1.0)  # the workers are tagging, not starting
        return
    deadline = time.monotonic() + START_TIMEOUT_S
    staged: list[str] = []
    changed = time.monotonic()
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the run never reached the transform:\n{stderr_path.read_text(errors='replace')[-3000:]}")
        now = sorted(glob.glob(str(lake / "_staging" / "*" / "*" / "part-*.parquet")))
        if now != staged:
            staged, changed = now, time.monotonic()
        elif staged and time.monotonic() - changed >= QUIET_S:
            return
        time.sleep(0.05)


def _wait_for_workers(proc: subprocess.Popen, stderr_path: Path) -> None:
    """Return once the run has started worker processes (they are still starting)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any(b"spawn_main" in _cmdline(p) for p in _descendants(proc.pid)):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the run never started its workers:\n{stderr_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    children = [int(c) for c in f.read().split()]
            except OSError:
                continue
            found += children
            frontier += children
    return found


def _processes_in_environment(entry: str) -> list[str]:
    """The commands of live processes whose environment holds ``entry`` (the run's own
    PREFECT_HOME: whatever it started inherits it)."""
    wanted, found = b"\0" + entry.encode() + b"\0", []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                if wanted not in b"\0" + f.read():
                    continue
        except OSError:
            continue
        if _alive(int(name)):
            found.append(_cmdline(int(name)).replace(b"\0", b" ").decode(errors="replace")[:200])
    return found


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m akhbar.interrupt_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--signal", choices=("INT", "TERM"), default="INT", help="signal sent to the run's process group")
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="generated pages to run over")
    parser.add_argument("--dask", metavar="local|ADDRESS", help="the run's --dask (a cluster at ADDRESS is yours to start)")
    parser.add_argument("--batch-size", type=int, default=50, help="the run's --batch-size")
    parser.add_argument(
        "--delay", type=float, default=0.0, metavar="SECONDS",
        help="each transform chunk waits this long first (a --dask local run's workers; a cluster's "
        f"workers need {DELAY_VAR}=transform.batch:SECONDS in their own environment)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    delay = {DELAY_VAR: f"transform.batch:{args.delay}"} if args.delay else {}
    with tempfile.TemporaryDirectory(prefix="akhbar-interrupt-") as tmp:
        result = interrupt_run(
            Path(tmp), signal.Signals[f"SIG{args.signal}"], args.pages, dask=args.dask, batch_size=args.batch_size, environment=delay
        )
    print(json.dumps(asdict(result), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
