"""The one loader of the warehouse's SQL scripts (``warehouse/sql/*.sql``).

Every script starts with a header naming what it reads and what it leaves behind, TEMP tables
included, so the scripts that hand data to each other can be followed from the files alone.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


@functools.cache
def sql_text(name: str) -> str:
    """The text of ``warehouse/sql/<name>``."""
    return resources.files("akhbar.warehouse").joinpath("sql", name).read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None) -> None:
    """Run every statement of a script; values only as bound ``$name`` parameters.

    Without parameters the script runs through ``con.sql``, which executes every statement but a
    final SELECT (left unevaluated): a script may end by selecting its result for callers that
    want the rows (score_keywords.sql) while the load reads the TEMP table it filled instead.
    """
    if params is None:
        con.sql(sql_text(name))
    else:
        con.execute(sql_text(name), dict(params))
