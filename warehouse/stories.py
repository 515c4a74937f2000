"""Near copies and stories of a run's new articles, inside the load's transaction.

The steps of the ``stories`` derivation (akhbar.derivations): ``sql/story_signatures.sql`` stores
the run's staged signatures and lists them in TEMP ``run_signed``; ``assign_stories`` matches
those articles with what earlier runs left in ``article_signatures``, ``article_bands`` and
``article_stories``, and writes ``article_stories`` and ``stories`` rows for every story the run
created, grew or merged. The matching is SQL over LSH band keys (``sql/story_links.sql``), the
grouping pure Python (``akhbar.stories.grouping``) and the writing SQL again
(``sql/story_write.sql``).

A link depends on its two articles alone and stories only grow or merge, so loading articles in
any order, in one run or many, gives the same assignments. ``akhbar run --reprocess stories``
recomputes every signature in the workers and every assignment here (after a change of
thresholds, or for articles loaded before signatures existed).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from akhbar.stories import copies, features
from akhbar.stories.grouping import components, originals, story_ids

PARAMETERS = {
    "copy_threshold": copies.COPY_THRESHOLD,
    "story_threshold": features.STORY_THRESHOLD,
    "story_days": features.STORY_DAYS,
    "num_perm": copies.NUM_PERM,
}


def _sql(name: str) -> str:
    from akhbar.warehouse.scripts import sql_text

    return sql_text(name)


def _execute_script(con: duckdb.DuckDBPyConnection, script: str, parameters: dict) -> None:
    """Run a script statement by statement (DuckDB binds parameters in one statement only),
    each with the parameters it names."""
    body = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    for statement in (s.strip() for s in body.split(";")):
        if statement:
            used = {k: v for k, v in parameters.items() if f"${k}" in statement}
            con.execute(statement, used or None)


def assign_stories(con: duckdb.DuckDBPyConnection) -> None:
    """Match the articles signed this run (TEMP ``run_signed``, story_signatures.sql) with the
    warehouse's and rewrite the stories they touch: the stories derivation's refresh step."""
    _link_and_assign(con)


def _link_and_assign(con: duckdb.DuckDBPyConnection) -> None:
    _execute_script(con, _sql("story_links.sql"), PARAMETERS)
    copy_links = con.execute("SELECT a, b FROM run_copy_links").fetchall()
    story_links = con.execute("SELECT a, b FROM run_story_links").fetchall()
    new = [r[0] for r in con.execute("SELECT article_id FROM run_signed").fetchall()]
    # Articles loaded without a signature (an older warehouse migrated forward) are stories of
    # their own until ``akhbar run --reprocess stories``.
    new += [
        r[0]
        for r in con.execute(
            "SELECT article_id FROM articles WHERE article_id NOT IN (SELECT article_id FROM article_stories) "
            "AND article_id NOT IN (SELECT article_id FROM run_signed)"
        ).fetchall()
    ]
    copy_touched = {r[0] for r in con.execute("SELECT article_id FROM run_copy_touched").fetchall()}
    _assign(con, new, copy_links, story_links, copy_touched)
    for table in ("run_signed", "run_copy_touched", "run_copy_links", "run_story_links"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _ids_table(con: duckdb.DuckDBPyConnection, name: str, ids) -> None:
    """A TEMP table ``name`` (article_id) of the given ids."""
    con.register("ids_arrow", pa.table({"article_id": pa.array(sorted(ids), pa.string())}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT article_id FROM ids_arrow")
    finally:
        con.unregister("ids_arrow")


def _assign(
    con: duckdb.DuckDBPyConnection, new: list[str], copy_links: list, story_links: list, copy_touched: set[str]
) -> None:
    touched = set(new) | {x for pair in copy_links + story_links for x in pair}
    if not touched:
        return
    # Id lists go in as Arrow tables: bound as a list parameter, 5,000 ids took DuckDB seconds.
    _ids_table(con, "run_touched", touched)
    # The stories the touched articles belong to already: all their articles move together.
    old = con.execute(
        "SELECT s.article_id, s.story_id, s.near_duplicate_of FROM article_stories s "
        "WHERE s.story_id IN (SELECT x.story_id FROM article_stories x SEMI JOIN run_touched t USING (article_id))"
    ).fetchall()
    old_story = {a: s for a, s, _ in old}
    members = touched | set(old_story)
    _ids_table(con, "run_members", members)
    published = dict(
        con.execute("SELECT a.article_id, a.published_at FROM articles a SEMI JOIN run_members m USING (article_id)").fetchall()
    )
    links = [*copy_links, *story_links, *((a, s) for a, s in old_story.items())]
    assigned = story_ids(components(members, links), published)
    # Originals: recomputed for the new articles and their copies (copy_links holds every copy
    # link of those), kept for the others.
    origin = {a: d for a, _, d in old}
    origin.update(originals(copy_touched, copy_links, published))
    rows = pa.table(
        {
            "article_id": sorted(members),
            "near_duplicate_of": [origin.get(a) for a in sorted(members)],
            "story_id": [assigned[a] for a in sorted(members)],
        }
    )
    stale = pa.table({"story_id": sorted(set(old_story.values()))}, schema=pa.schema([("story_id", pa.string())]))
    con.register("run_assignments", rows)
    con.register("run_stale_stories", stale)
    try:
        con.execute(_sql("story_write.sql"))
    finally:
        con.unregister("run_assignments")
        con.unregister("run_stale_stories")
        con.execute("DROP TABLE IF EXISTS run_touched")
        con.execute("DROP TABLE IF EXISTS run_members")
