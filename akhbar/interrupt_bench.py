"""How fast an interrupted ``akhbar run`` stops: ``python -m akhbar.interrupt_bench [--signal TERM]``.

Starts a real ``akhbar run`` (its own process group, no Prefect API configured, so with its
temporary server) over generated pages, waits until the transform's worker processes are up,
sends the signal to the whole group as a terminal (SIGINT) or a scheduler (SIGTERM) does, and
prints one JSON object: seconds from the signal to the run's exit, its exit code, its output
after the signal, and whether its Prefect server and workers are gone.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from akhbar.config import PREFECT_ENVIRONMENT

# Enough pages that two workers are busy for well over a minute on a 2-core machine.
DEFAULT_PAGES = 1200
START_TIMEOUT_S = 180
EXIT_TIMEOUT_S = 60

_PAGE = """{title} {n}
تاريخ النشر: 20th, September 2023 GMT
أعلن المتحدث باسم الكرملين دميتري بيسكوف اليوم أن الرئيس فلاديمير بوتين سيزور مدينة {city} الأسبوع المقبل لبحث التعاون مع وزارة الخارجية.
وقال بيسكوف إن الزيارة رقم {n} ستشمل لقاءات مع مسؤولين في {city} ومناقشة ملفات الطاقة والنقل والتجارة بين البلدين.
المصدر: RT
كلمات دلالية: روسيا, {city}
"""
_CITIES = ("موسكو", "القاهرة", "الرياض", "باكو", "دمشق", "بغداد")


@dataclass(frozen=True)
class InterruptResult:
    signal: str
    seconds_to_exit: float
    exit_code: int
    stderr_after_signal: list[str]
    server_gone: bool
    workers_gone: bool


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


def interrupt_run(workdir: Path, sig: signal.Signals = signal.SIGINT, pages: int = DEFAULT_PAGES) -> InterruptResult:
    """Start a run over generated pages, signal its process group during the transform, time its exit."""
    source = write_pages(workdir / "pages", pages)
    stderr_path = workdir / "stderr.txt"
    akhbar = str(Path(sys.executable).with_name("akhbar"))
    command = [akhbar, "run", "--source", str(source), "--warehouse", str(workdir / "wh" / "akhbar.duckdb"), "--workers", "2", "--batch-size", "50"]
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            command, env=run_environment(workdir / "prefect-home"), stdout=subprocess.DEVNULL, stderr=stderr,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        workers: list[int] = []
        while not workers:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the run never reached the transform:\n{stderr_path.read_text(errors='replace')[-3000:]}")
            workers = [p for p in _descendants(proc.pid) if b"spawn_main" in _cmdline(p)]
            time.sleep(0.1)
        time.sleep(1.0)  # the workers are tagging, not starting
        servers = [p for p in _descendants(proc.pid) if b"uvicorn" in _cmdline(p)]
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
            stderr_after_signal=[line for line in after if line.strip()],
            server_gone=bool(servers) and not any(_alive(p) for p in servers),
            workers_gone=not any(_alive(p) for p in workers),
        )
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="akhbar-interrupt-") as tmp:
        result = interrupt_run(Path(tmp), signal.Signals[f"SIG{args.signal}"], args.pages)
    print(json.dumps(asdict(result), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
