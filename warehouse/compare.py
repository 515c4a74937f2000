"""`python -m akhbar.warehouse.compare OLD.duckdb NEW.duckdb`: are two warehouses the same, row by row?

The check behind "behaviour identical" claims: build one warehouse with the code before a change and
one with the code after, from the same sources, and compare every table of the data contract as a
multiset of rows (``EXCEPT ALL`` both ways, so duplicates count). What a run stamps on its rows (run
ids, ingestion times) differs between any two builds and is left out, as are the run bookkeeping
tables. Columns or tables that only one side has (a migration added them) are listed, not compared.
The search index (schema ``search``: postings and indexed articles, derived from ``articles`` by the
load) is compared the same way, table by table, as ``search.<table>``: search results follow it.

Prints one line per table and exits 0 when every compared table is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from akhbar.schema import LAKE_REWRITES, RUNS, SOURCE_FILES, TABLES
from akhbar.warehouse.ddl import quote

# Stamped by the run, not derived from the sources.
RUN_COLUMNS = frozenset({"run_id", "ingested_at"})
# Bookkeeping of the runs themselves (when, which files, what to rewrite), not data.
SKIPPED_TABLES = frozenset({RUNS.name, SOURCE_FILES.name, LAKE_REWRITES.name})
# The schema of the search index (akhbar.warehouse.search_index), beside the contract's `main`.
SEARCH_SCHEMA = "search"


@dataclass(frozen=True)
class TableDiff:
    table: str
    rows_old: int
    rows_new: int
    only_old: int
    only_new: int
    columns_compared: int
    columns_one_side: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return self.only_old == 0 and self.only_new == 0

    def line(self) -> str:
        verdict = "identical" if self.identical else f"DIFFERENT: {self.only_old} row(s) only in old, {self.only_new} only in new"
        extra = f"; not compared (one side only): {', '.join(self.columns_one_side)}" if self.columns_one_side else ""
        return f"{self.table}: {self.rows_old} / {self.rows_new} rows, {self.columns_compared} columns, {verdict}{extra}"


def compare(old: Path, new: Path) -> tuple[list[TableDiff], list[str]]:
    """Per contract table and search index table both warehouses have, how their rows differ; and the tables only one has."""
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        for alias, path in (("old", old), ("new", new)):
            con.execute(f"ATTACH {_literal(str(path))} AS {alias} (READ_ONLY)")
        columns = {alias: _columns(con, alias, "main") for alias in ("old", "new")}
        search = {alias: _columns(con, alias, SEARCH_SCHEMA) for alias in ("old", "new")}
        names = [(spec.name, "main", columns) for spec in TABLES if spec.name not in SKIPPED_TABLES]
        names += [(name, SEARCH_SCHEMA, search) for name in sorted(set(search["old"]) | set(search["new"]))]
        diffs, one_side = [], []
        for name, schema, cols_of in names:
            label = name if schema == "main" else f"{schema}.{name}"
            have_old, have_new = cols_of["old"].get(name), cols_of["new"].get(name)
            if have_old is None or have_new is None:
                if have_old is not None or have_new is not None:
                    one_side.append(f"{label} ({'old' if have_old is not None else 'new'} only)")
                continue
            shared = [c for c in have_old if c in have_new and c not in RUN_COLUMNS]
            apart = tuple(sorted((set(have_old) ^ set(have_new)) - RUN_COLUMNS))
            cols = ", ".join(quote(c) for c in shared)
            table = f"{quote(schema)}.{quote(name)}"
            counts = con.execute(
                f"SELECT (SELECT count(*) FROM old.{table}), (SELECT count(*) FROM new.{table}), "
                f"(SELECT count(*) FROM (SELECT {cols} FROM old.{table} EXCEPT ALL SELECT {cols} FROM new.{table})), "
                f"(SELECT count(*) FROM (SELECT {cols} FROM new.{table} EXCEPT ALL SELECT {cols} FROM old.{table}))"
            ).fetchone()
            diffs.append(TableDiff(label, *counts, len(shared), apart))
    return diffs, one_side


def _columns(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
        "ORDER BY table_name, column_index",
        [database, schema],
    ).fetchall():
        out.setdefault(table, []).append(column)
    return out


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m akhbar.warehouse.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="warehouse built by the code before the change")
    parser.add_argument("new", type=Path, help="warehouse built by the code after it, from the same sources")
    args = parser.parse_args(argv)
    for path in (args.old, args.new):
        if not path.is_file():
            print(f"compare: no warehouse at {path}", file=sys.stderr)
            return 2
    try:
        diffs, one_side = compare(args.old, args.new)
    except duckdb.Error as exc:
        print(f"compare: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    for diff in diffs:
        print(diff.line())
    for table in one_side:
        print(f"{table}: not compared")
    same = all(d.identical for d in diffs)
    print(f"{sum(d.identical for d in diffs)} of {len(diffs)} tables identical" + ("" if same else "; see DIFFERENT above"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
