"""Golden file of the seed page's full parse: one JSON object per line, so a change reads as a diff.

Regenerate after an intended change with ``AKHBAR_UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from akhbar.entities import recognize_document
from akhbar.ner import recognize_many
from akhbar.parse.decode import decode
from akhbar.parse.page import parse_page
from akhbar.tags import segment_tags
from tests.conftest import SEED_PAGE

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "seed_parse.jsonl"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def seed_lines() -> list[str]:
    decoded = decode(SEED_PAGE.read_bytes())
    page = parse_page(decoded.text, now=NOW)
    lines = [{"kind": "document", "encoding": decoded.encoding, "articles": len(page.articles), "warnings": page.warnings}]
    for article in page.articles:
        n = article.position
        lines.append(
            {
                "kind": "article",
                "article": n,
                "title": article.title,
                "dateline": article.dateline,
                "published_at": article.published_at.isoformat() if article.published_at else None,
                "sources": article.sources,
            }
        )
        lines += [{"kind": "paragraph", "article": n, "text": p} for p in article.paragraphs]
        # As the pipeline does it: the trained tagger's names feed the document-level rules.
        title_spans, body_spans = recognize_many([article.title, article.body])
        found = recognize_document(article.title, article.body, model_spans=(title_spans, body_spans))
        if article.tag_text:
            tags = segment_tags(article.tag_text, title=article.title, body=article.body, entity_names=found.names())
            lines += [{"kind": "tag", "article": n, "display": t.display, "norm": t.norm} for t in tags]
        lines += [
            {
                "kind": "entity",
                "article": n,
                "field": m.field,
                "start": m.start,
                "end": m.end,
                "surface": m.surface,
                "type": m.entity_type,
                "name": m.name,
            }
            for m in found.mentions
        ]
    return [json.dumps(line, ensure_ascii=False) for line in lines]


def test_seed_parse_matches_the_golden_file():
    lines = seed_lines()
    if os.environ.get("AKHBAR_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert lines == expected
