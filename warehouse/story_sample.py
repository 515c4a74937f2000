"""Draw candidate article pairs for hand-labelling "same story", blind to their similarity.

    python -m akhbar.warehouse.story_sample WAREHOUSE OUT.jsonl [PAIRS_PER_BAND]

Pairs are drawn from articles published within two days of each other that share at least one
story feature, stratified by the Jaccard similarity of their features (so that the sample holds
clear non-stories, clear stories and the uncertain middle), then shuffled. The output holds the
two articles' ids, titles, outlets, dates and openings but NOT the similarity or the band: the
labeller reads the pair, not the score, and adds ``same_story``. A fixed seed makes the draw
repeatable on the same warehouse.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from akhbar.warehouse.db import connect_reader

BANDS = ((0.05, 0.15), (0.15, 0.25), (0.25, 0.35), (0.35, 0.5), (0.5, 1.01))
SEED = 20150726
OPENING_CHARS = 400

_PAIRS = """
WITH features AS (
    SELECT s.article_id, unnest(s.story_features) AS feature
    FROM article_signatures AS s JOIN articles AS a USING (article_id)
    WHERE a.published_date IS NOT NULL AND a.parent_article_id IS NULL
),
shared AS (
    SELECT x.article_id AS a, y.article_id AS b, count(*) AS common
    FROM features AS x JOIN features AS y ON x.feature = y.feature AND x.article_id < y.article_id
    GROUP BY ALL
)
SELECT p.a, p.b, p.common / (len(sa.story_features) + len(sb.story_features) - p.common) AS jaccard
FROM shared AS p
JOIN article_signatures AS sa ON sa.article_id = p.a
JOIN article_signatures AS sb ON sb.article_id = p.b
JOIN articles AS xa ON xa.article_id = p.a
JOIN articles AS xb ON xb.article_id = p.b
WHERE abs(xa.published_date - xb.published_date) <= 2 AND xa.body <> xb.body
ORDER BY p.a, p.b
"""


def sample(warehouse: Path, per_band: int) -> list[dict]:
    rng = random.Random(SEED)
    with connect_reader(warehouse) as con:
        pairs = con.execute(_PAIRS).fetchall()
        chosen = []
        for low, high in BANDS:
            band = [(a, b) for a, b, j in pairs if low <= j < high]
            chosen += rng.sample(band, min(per_band, len(band)))
        rng.shuffle(chosen)
        ids = sorted({x for pair in chosen for x in pair})
        info = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT article_id, title, coalesce(publisher, 'unknown'), published_date::VARCHAR, left(body, ?) "
                "FROM articles WHERE list_contains(?, article_id)",
                [OPENING_CHARS, ids],
            ).fetchall()
        }
    out = []
    for n, (a, b) in enumerate(chosen):
        out.append(
            {
                "pair": n,
                "a": a,
                "b": b,
                "a_title": info[a][0],
                "b_title": info[b][0],
                "a_outlet": info[a][1],
                "b_outlet": info[b][1],
                "a_date": info[a][2],
                "b_date": info[b][2],
                "a_opening": info[a][3],
                "b_opening": info[b][3],
            }
        )
    return out


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    rows = sample(Path(argv[0]), int(argv[2]) if len(argv) == 3 else 24)
    with open(argv[1], "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
