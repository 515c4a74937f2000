"""The C-heap helpers are safe to call anywhere, any number of times."""

from __future__ import annotations

from akhbar.heap import fix_heap_thresholds, release_freed_memory


def test_heap_helpers_run_repeatedly_without_effect_on_python_objects():
    texts = ["\u0623\u062e\u0628\u0627\u0631 " * 100_000 for _ in range(3)]  # أخبار, on the C heap
    fix_heap_thresholds()
    fix_heap_thresholds()
    del texts[1:]
    release_freed_memory()
    release_freed_memory()
    assert texts[0].startswith("\u0623\u062e\u0628\u0627\u0631")
