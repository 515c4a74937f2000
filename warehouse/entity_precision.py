"""Precision of the resolved entity layer, judged by hand on a random sample of mentions.

    python -m akhbar.warehouse.entity_precision sample --warehouse W.duckdb --out docs/entity_precision_sample.jsonl
    python -m akhbar.warehouse.entity_precision score docs/entity_precision_sample.jsonl

``sample`` draws mentions uniformly at random with a fixed seed (Python's ``random.Random(seed)``
over the mentions numbered in a stable order) and writes one JSON object per line: the
mention, its resolved entity (name, type, subtype, how it was found and linked) and the text
around it, with empty ``label_*`` fields for the judge. ``score`` reads the labelled file and
prints the figures as JSON.

Labels, per mention, as an analyst reads the Arabic context:

* ``label_right``: the entity is right — a real name, the right referent, the right type and a
  span covering the name (true/false);
* ``label_clean``: right *and* the entity's display name is clean (no clitic left on, no
  fragment, no trailing words);
* ``label_note``: a few words on what is wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import duckdb

SAMPLE_SIZE = 200
SEED = 13
CONTEXT_CHARS = 60

_SAMPLE_SQL = """
WITH numbered AS (
    SELECT m.*, row_number() OVER (ORDER BY m.article_id, m.field, m.start_char) AS n
    FROM entity_mentions AS m
),
picked AS (
    SELECT * FROM numbered WHERE n IN (SELECT unnest($picked::BIGINT[]))
)
SELECT p.n, p.article_id, p.field, p.start_char, p.end_char, p.surface, p.name AS mention_name, p.method,
       p.entity_id <> p.alias_id AS linked, al.method AS link_method,
       e.name AS entity_name, e.entity_type, e.subtype, e.is_name,
       CASE p.field WHEN 'title' THEN a.title ELSE a.body END AS text
FROM picked AS p
JOIN entities AS e USING (entity_id)
JOIN entity_aliases AS al USING (alias_id)
JOIN articles AS a USING (article_id)
ORDER BY p.n
"""


def draw_sample(con: duckdb.DuckDBPyConnection, size: int = SAMPLE_SIZE, seed: int = SEED) -> list[dict]:
    """``size`` random mentions with their entity and context (see the module docstring)."""
    total = con.execute("SELECT count(*) FROM entity_mentions").fetchone()[0]
    picked = sorted(random.Random(seed).sample(range(1, total + 1), min(size, total)))
    cur = con.execute(_SAMPLE_SQL, {"picked": picked})
    columns = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        r = dict(zip(columns, row))
        text = r.pop("text")
        start, end = r["start_char"], r["end_char"]
        r["context"] = (
            text[max(0, start - CONTEXT_CHARS) : start].replace("\n", " ")
            + "["
            + text[start:end]
            + "]"
            + text[end : end + CONTEXT_CHARS].replace("\n", " ")
        )
        r.update(label_right=None, label_clean=None, label_note="")
        out.append(r)
    return out


def score(rows: list[dict]) -> dict:
    """Share of labelled mentions that are right, and right with a clean name; also per type."""
    labelled = [r for r in rows if r.get("label_right") is not None]
    def share(rs, key):
        return round(sum(bool(r[key]) for r in rs) / len(rs), 3) if rs else None
    by_type = {}
    for etype in sorted({r["entity_type"] for r in labelled}):
        rs = [r for r in labelled if r["entity_type"] == etype]
        by_type[etype] = {"n": len(rs), "right": share(rs, "label_right"), "clean": share(rs, "label_clean")}
    return {
        "mentions": len(rows),
        "labelled": len(labelled),
        "right": share(labelled, "label_right"),
        "clean": share(labelled, "label_clean"),
        "by_type": by_type,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m akhbar.warehouse.entity_precision", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw the sample from a warehouse")
    s.add_argument("--warehouse", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--size", type=int, default=SAMPLE_SIZE)
    s.add_argument("--seed", type=int, default=SEED)
    c = sub.add_parser("score", help="figures of a labelled sample")
    c.add_argument("labels")
    args = parser.parse_args(argv)
    if args.command == "sample":
        with duckdb.connect(args.warehouse, read_only=True) as con:
            rows = draw_sample(con, args.size, args.seed)
        Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} mentions -> {args.out}")
    else:
        lines = Path(args.labels).read_text(encoding="utf-8").splitlines()
        print(json.dumps(score([json.loads(line) for line in lines if line.strip()]), ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
