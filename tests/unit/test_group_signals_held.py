"""akhbar.interrupt.group_signals_held: what a thread or process started inside it inherits."""

import signal
import subprocess
import threading

from akhbar.interrupt import HANDLED, group_signals_held

HELD = set(HANDLED)


def _blocked_in(pid: int) -> set[int]:
    """The signals a process's main thread blocks, read from /proc (SigBlk is a hex bit mask)."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("SigBlk:"):
            mask = int(line.split()[1], 16)
            return {n for n in range(1, 64) if mask >> (n - 1) & 1}
    raise AssertionError("no SigBlk line")


def test_a_process_started_inside_starts_with_the_group_signals_blocked():
    with group_signals_held():
        child = subprocess.Popen(["sleep", "30"])
    try:
        assert {int(s) for s in HELD} <= _blocked_in(child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_thread_started_inside_keeps_them_blocked_and_the_caller_gets_its_mask_back():
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    seen = {}
    with group_signals_held():
        thread = threading.Thread(target=lambda: seen.update(mask=signal.pthread_sigmask(signal.SIG_BLOCK, [])))
        thread.start()
        thread.join()
    assert HELD <= seen["mask"]
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before


def test_a_process_started_outside_does_not_block_them():
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert not ({int(s) for s in HELD} & _blocked_in(child.pid))
    finally:
        child.kill()
        child.wait()
