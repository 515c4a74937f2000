"""Handing freed C-heap memory back to the operating system (glibc), between phases of work.

Article texts and the tagger's arrays are larger than Python's small-object allocator handles,
so they live on the C heap. glibc keeps what is freed there for reuse, and raises its own
thresholds after large frees, so a worker that has just tagged a group of articles sits on tens
of megabytes it no longer uses. Trimming at phase boundaries costs a few milliseconds.
"""

from __future__ import annotations

import ctypes
import functools

# Allocations from this size up get their own mapping, returned to the OS the moment they are
# freed: the tagger's per-call arrays (the LSTM input projections). glibc would otherwise raise
# this threshold to the size of the largest block freed so far (up to 32 MB), so after the first
# call those arrays were carved from the heap and held it higher at a worker's peak (figures:
# docs/PERFORMANCE.md). 4 MB keeps the many smaller per-batch arrays on the heap, where reuse is free.
MMAP_THRESHOLD_BYTES = 4 << 20
# Free memory at the top of the heap beyond this goes back to the OS on its own.
TRIM_THRESHOLD_BYTES = 16 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def release_freed_memory() -> None:
    """Return the C heap's free pages to the OS (a no-op where glibc is absent)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.lru_cache(maxsize=1)
def fix_heap_thresholds() -> None:
    """Fix glibc's mmap and trim thresholds (see the constants) for this process, once."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)


@functools.lru_cache(maxsize=1)
def _libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018 - both exist only in glibc
        return libc
    except (OSError, AttributeError):
        return None
