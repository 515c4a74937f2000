"""The example analytical queries in ``warehouse/queries/``: their questions, parameters and SQL.

Each file ``NN_name.sql`` starts with a comment header::

    -- Question: Which entities ... ?
    -- $name TYPE = default : what the parameter means

A default of ``NULL`` binds SQL NULL. Parameters are always bound (``$name`` in the SQL), never
formatted into it. ``akhbar sql "$(cat warehouse/queries/02_top_entities.sql)"`` does not bind
them; run an example with ``run_example`` (or DuckDB's own ``SET VARIABLE`` + ``getvariable``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from akhbar.warehouse.query import run_query

_QUESTION = re.compile(r"^-- Question: (.+)$", re.MULTILINE)
_PARAM = re.compile(r"^-- \$(\w+) (\w+) = (.*?) : (.+)$", re.MULTILINE)
_CONVERT = {
    "VARCHAR": str,
    "INTEGER": int,
    "BIGINT": int,
    "DOUBLE": float,
    "DATE": date.fromisoformat,
    "TIMESTAMPTZ": datetime.fromisoformat,
}


@dataclass(frozen=True)
class Param:
    """One ``$name`` parameter of an example query."""

    name: str
    type: str
    default: object
    description: str


@dataclass(frozen=True)
class ExampleQuery:
    """An example query file."""

    name: str
    question: str
    params: tuple[Param, ...]
    sql: str

    def bind(self, **overrides) -> dict:
        """Parameter values: the documented defaults, with ``overrides`` by name."""
        unknown = set(overrides) - {p.name for p in self.params}
        if unknown:
            raise KeyError(f"{self.name} has no parameter {', '.join(sorted(unknown))}")
        return {p.name: overrides.get(p.name, p.default) for p in self.params}


def parse(name: str, sql: str) -> ExampleQuery:
    """Read an example's header; a file without a question is an error, not an example."""
    question = _QUESTION.search(sql)
    if not question:
        raise ValueError(f"{name}: no '-- Question:' header")
    params = []
    for pname, ptype, default, description in _PARAM.findall(sql):
        if ptype not in _CONVERT:
            raise ValueError(f"{name}: unsupported parameter type {ptype} for ${pname}")
        value = None if default == "NULL" else _CONVERT[ptype](default)
        params.append(Param(pname, ptype, value, description.strip()))
    return ExampleQuery(name, question.group(1).strip(), tuple(params), sql)


def example_queries() -> list[ExampleQuery]:
    """Every example query, in file-name order."""
    folder = resources.files("akhbar.warehouse").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [parse(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def example(name: str) -> ExampleQuery:
    """One example by name (``03_rising_keywords``) or by its number (``03``)."""
    for q in example_queries():
        if q.name == name or q.name.split("_", 1)[0] == name:
            return q
    raise KeyError(f"no example query {name!r}")


def run_example(warehouse: Path, name: str, **params) -> tuple[list[str], list[tuple]]:
    """Run an example read-only against a warehouse, with its defaults for unspecified parameters."""
    query = example(name)
    return run_query(warehouse, query.sql, query.bind(**params))
