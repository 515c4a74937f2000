"""The layout the README states, checked against the imports: akhbar's pure modules load neither
Prefect nor DuckDB (so transform workers stay small and the logic is testable alone); only the
edges listed here do."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

# akhbar's modules that reach Prefect or DuckDB, and why (the README's Layout section says the same).
EDGES = {
    "akhbar.cli": "the command line: starts Prefect and opens the warehouse (lazily, per command)",
    "akhbar.prefect_server": "the temporary Prefect server of a run",
    "akhbar.interrupt": "stopping a run: Prefect's server and workers",
    "akhbar.interrupt_bench": "times an interrupted run",
    "akhbar.bench": "the benchmark's DuckDB-only floor",
    "akhbar.bench_load": "replays a run's load alone to measure the writer's memory",
    "akhbar.dictionary": "the data dictionary reads the live views' comments from DuckDB",
    "akhbar.report": "renders what warehouse/report.py queries",
    "akhbar.settings": "kept for old imports; re-exports akhbar.config",
}

_PROBE = """
import importlib, json, sys
found = {}
for name in sys.argv[1:]:
    importlib.import_module(name)
    heavy = [m for m in ("prefect", "duckdb") if m in sys.modules]
    if heavy:
        found[name] = heavy
        break
print(json.dumps(found))
"""


def _modules() -> list[str]:
    names = []
    for path in sorted((REPO / "akhbar").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name not in EDGES:
            names.append(name)
    return names


def test_pure_modules_import_neither_prefect_nor_duckdb():
    modules = _modules()
    assert "akhbar.staging" in modules and "akhbar.config" in modules
    done = subprocess.run([sys.executable, "-c", _PROBE, *modules], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {}, "a pure module (the first named) loaded Prefect or DuckDB"


def test_every_edge_exists():
    for name in EDGES:
        assert (REPO / (name.replace(".", "/") + ".py")).is_file(), name
