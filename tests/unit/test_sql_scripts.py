"""The warehouse's SQL scripts: one loader, and every script says what it reads and leaves behind."""

from __future__ import annotations

import re

import pytest

from akhbar.derivations import DERIVATIONS
from akhbar.warehouse.derive import STEPS
from tests.conftest import REPO

SQL = REPO / "warehouse" / "sql"
SCRIPTS = sorted(SQL.glob("*.sql"))
_TEMP = re.compile(r"^CREATE (?:OR REPLACE )?TEMP (?:TABLE|VIEW) (\w+)", re.MULTILINE | re.IGNORECASE)


def header(text: str) -> str:
    """The leading comment block of a script."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_every_script_names_its_inputs_and_outputs(script):
    text = script.read_text(encoding="utf-8")
    head = header(text)
    assert re.search(r"\bInputs?:", head) and re.search(r"\bOutputs?:", head), f"{script.name}: no Inputs/Outputs header"
    # Every TEMP table or view a script makes is declared in its header (made and dropped there,
    # or handed on to a later script).
    for name in _TEMP.findall(text):
        assert name in head, f"{script.name} makes TEMP {name} without declaring it in its header"


def test_the_scripts_are_read_by_one_loader():
    readers = [
        path.name
        for path in (REPO / "warehouse").glob("*.py")
        if re.search(r"joinpath\(\s*\"sql\"", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["scripts.py"]


def test_every_derivation_step_exists():
    for derivation in DERIVATIONS.values():
        for step in (*derivation.clear, *derivation.apply, *derivation.refresh):
            assert (SQL / step).is_file() if step.endswith(".sql") else step in STEPS, (derivation.name, step)
