"""The benchmark's memory and CPU figures cover every process of the run, workers included."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from akhbar.bench import _tree

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")


def test_children_started_from_another_thread_are_counted():
    # Prefect's process pool starts its workers from a thread that is not the main one, and the
    # thread lives on: /proc lists such a child under that thread only.
    started: list[subprocess.Popen] = []
    ready, done = threading.Event(), threading.Event()

    def spawn():
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]))
        ready.set()
        done.wait(30)

    thread = threading.Thread(target=spawn)
    thread.start()
    ready.wait(30)
    try:
        assert started[0].pid in _tree(os.getpid())
    finally:
        done.set()
        thread.join()
        started[0].kill()
        started[0].wait()


def _sleep():
    import time

    time.sleep(30)


def test_worker_processes_are_told_apart_from_the_flow():
    import multiprocessing

    from akhbar.bench import _role

    worker = multiprocessing.get_context("spawn").Process(target=_sleep)
    worker.start()
    try:
        # Until the child execs, /proc shows the parent's command line: poll briefly.
        deadline = time.monotonic() + 10
        while _role(worker.pid) != "transform_workers" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _role(worker.pid) == "transform_workers"
    finally:
        worker.kill()
        worker.join()


def test_cpu_seconds_are_counted_per_process_role():
    import signal

    from akhbar.bench import _cpu_s, _RssSampler

    # A "run" that burns 1.0 s of CPU itself and starts a child that burns 0.5 s (each by its own
    # clock), then idles: the sampled tree's root counts as the flow, the plain child as other.
    child_code = "import time\nwhile time.process_time() < 0.5: pass\nprint('done', flush=True)\ntime.sleep(30)"
    run_code = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {child_code!r}], stdout=subprocess.PIPE, text=True)\n"
        "while time.process_time() < 1.0: pass\n"
        "child.stdout.readline()\n"
        "print('burned', flush=True)\n"
        "time.sleep(30)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", run_code], stdout=subprocess.PIPE, text=True, start_new_session=True)
    sampler = _RssSampler(run.pid, interval=0.05)
    sampler.start()
    try:
        assert run.stdout.readline().strip() == "burned"
        time.sleep(0.3)  # a few samples after both burns
    finally:
        sampler.stop()
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    cpu = sampler.cpu_by_role_s
    assert set(cpu) == {"flow", "other"}
    assert 0.9 <= cpu["flow"] <= 2.0
    assert 0.4 <= cpu["other"] <= 1.5
    assert _cpu_s(run.pid) is None  # gone: no figure rather than a stale one
