"""Score a warehouse's stories against the hand-labelled pairs (prints one JSON object).

    python -m akhbar.warehouse.story_eval WAREHOUSE [LABELS.jsonl]

The warehouse must hold the labelled articles: SaudiNewsNet's 2015-07-22, -23 and -24 zips for
the default (tuning) pairs; its 2015-07-26 and -27 zips for the held-out pairs
(tests/fixtures/stories/held_out_pairs.jsonl).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from akhbar.stories.evaluate import LABELS, read_labels, score
from akhbar.warehouse.query import run_query


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    labels = read_labels(Path(argv[1]) if len(argv) > 1 else LABELS)
    ids = sorted({p[k] for p in labels for k in ("a", "b")})
    _, rows = run_query(Path(argv[0]), "SELECT article_id, story_id FROM article_stories WHERE list_contains(?, article_id)", [ids])
    print(json.dumps(score(labels, dict(rows))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
