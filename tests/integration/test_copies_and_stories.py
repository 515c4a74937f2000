"""Copies and stories through the real flow: a re-titled wire copy, another wire story of the same
agency and day, loading order, the attention views, search --story and export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from akhbar.cli import main
from tests.conftest import needs_corpus
from tests.integration.conftest import query, run_flow, table_snapshot
from tests.unit.test_copies_and_stories import OTHER_WIRE_SAME_DAY, WIRE

ORIGINAL = {"title": "خادم الحرمين يستقبل وزير الخارجية المصري", "content": "\n".join(WIRE), "source": "sabq", "date_extracted": "2015-07-22 10:00:00"}
# Re-titled, one paragraph cut, a day later, by another outlet.
COPY = {"title": "الملك يبحث مع شكري تطورات المنطقة", "content": "\n".join(WIRE[:3] + WIRE[4:]), "source": "okaz", "date_extracted": "2015-07-23 08:00:00"}
SAME_AGENCY_SAME_DAY = {"title": "الأرصاد: طقس شديد الحرارة على شرق ووسط المملكة", "content": "\n".join(OTHER_WIRE_SAME_DAY), "source": "sabq", "date_extracted": "2015-07-22 11:00:00"}


def _jsonl(folder: Path, name: str, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return folder


def _assignments(warehouse: Path) -> dict[str, tuple]:
    return {
        title: (dup, story, agency)
        for title, dup, story, agency in query(
            warehouse,
            "SELECT a.title, o.title, s.story_id, a.agency FROM articles a JOIN article_stories s USING (article_id) "
            "LEFT JOIN articles o ON o.article_id = s.near_duplicate_of",
        )
    }


@pytest.fixture(scope="module")
def wired(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("copies")
    warehouse = root / "wh" / "akhbar.duckdb"
    run_flow([_jsonl(root / "in", "wire.jsonl", [ORIGINAL, COPY, SAME_AGENCY_SAME_DAY])], warehouse)
    return warehouse


def test_a_retitled_trimmed_copy_points_to_its_original_and_shares_its_story(wired):
    found = _assignments(wired)
    original, copy, weather = found[ORIGINAL["title"]], found[COPY["title"]], found[SAME_AGENCY_SAME_DAY["title"]]
    assert copy[0] == ORIGINAL["title"] and original[0] is None and weather[0] is None
    assert copy[1] == original[1] != weather[1]
    assert original[2] == copy[2] == weather[2] == "واس"
    story = query(wired, "SELECT headline, article_count, copy_count, publisher_count, publishers, first_date, last_date FROM stories WHERE article_count = 2")
    assert [row[:5] for row in story] == [(ORIGINAL["title"], 2, 1, 2, ["okaz", "sabq"])]
    assert str(story[0][5]) == "2015-07-22" and str(story[0][6]) == "2015-07-23"


def test_the_copy_first_then_the_original_gives_the_same_tables(wired, tmp_path):
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([_jsonl(tmp_path / "a", "copy.jsonl", [COPY, SAME_AGENCY_SAME_DAY])], warehouse)
    first = _assignments(warehouse)
    assert first[COPY["title"]][0] is None  # alone, the copy is nobody's copy yet
    run_flow([_jsonl(tmp_path / "b", "original.jsonl", [ORIGINAL])], warehouse)
    # Every table but the two that record where documents were read from.
    where = ("source_files", "documents")
    expected = {k: v for k, v in table_snapshot(wired).items() if k not in where}
    assert {k: v for k, v in table_snapshot(warehouse).items() if k not in where} == expected


def test_reprocessing_stories_regroups_a_damaged_copy_as_a_fresh_run(wired, tmp_path):
    # The grouping forgotten, the copy's signature lost and the weather story's features stale:
    # `--reprocess stories` recomputes the signatures in the workers and the grouping in the load.
    warehouse = tmp_path / "copy" / wired.name
    shutil.copytree(wired.parent, warehouse.parent)
    with duckdb.connect(str(warehouse)) as con:
        copy_id = con.execute("SELECT article_id FROM articles WHERE title = ?", [COPY["title"]]).fetchone()[0]
        con.execute("DELETE FROM article_signatures WHERE article_id = ?", [copy_id])
        con.execute("DELETE FROM article_bands WHERE article_id = ?", [copy_id])
        con.execute("UPDATE article_signatures SET story_features = [7] WHERE article_id <> ?", [copy_id])
        con.execute("UPDATE article_stories SET story_id = article_id, near_duplicate_of = NULL")
        con.execute("DELETE FROM stories")
    assert _assignments(warehouse)[COPY["title"]][0] is None
    summary = run_flow([tmp_path], warehouse, reprocess=["stories"], workers=1)  # sources are not read
    assert summary["documents_new"] == 0
    assert _assignments(warehouse) == _assignments(wired)
    assert table_snapshot(warehouse) == table_snapshot(wired)


def test_story_attention_is_zero_filled_and_its_shares_add_up(wired):
    days = query(wired, "SELECT count(*) FROM attention_periods WHERE period = 'day'")[0][0]
    assert days == 2
    rows = query(wired, "SELECT period_start, articles, share FROM story_attention WHERE period = 'day' ORDER BY period_start, share")
    assert len(rows) == 2 * 2  # two stories, every day of the range, a quiet day a 0
    assert [r[1] for r in rows].count(0) == 1
    for day in {r[0] for r in rows}:
        assert sum(r[2] for r in rows if r[0] == day) == pytest.approx(1.0)
    # Entities: every day of the range too, and share * period_articles = articles.
    assert query(wired, "SELECT count(*) FROM entity_attention WHERE abs(share * period_articles - articles) > 1e-9")[0][0] == 0
    assert query(wired, "SELECT count(DISTINCT period_start) FROM entity_attention WHERE period = 'day'")[0][0] == 2


def test_attention_counts_a_copy_and_its_original_once(wired):
    # The original and the weather report on Wednesday 2015-07-22, the copy on the Thursday: one week.
    assert query(wired, "SELECT period, articles, articles_without_copies FROM attention_periods WHERE period <> 'day' ORDER BY period") == [
        ("month", 3, 2),
        ("week", 3, 2),
    ]
    mentioned = {
        title: {r[0] for r in query(wired, "SELECT DISTINCT entity_id FROM entity_mentions JOIN articles USING (article_id) WHERE title = ?", [title])}
        for title in (ORIGINAL["title"], COPY["title"], SAME_AGENCY_SAME_DAY["title"])
    }
    copied_only = (mentioned[ORIGINAL["title"]] & mentioned[COPY["title"]]) - mentioned[SAME_AGENCY_SAME_DAY["title"]]
    in_all = mentioned[ORIGINAL["title"]] & mentioned[COPY["title"]] & mentioned[SAME_AGENCY_SAME_DAY["title"]]
    assert copied_only
    week = {
        entity_id: (articles, without, stories, share)
        for entity_id, articles, without, stories, share in query(
            wired,
            "SELECT entity_id, articles, articles_without_copies, stories, share_without_copies FROM entity_attention WHERE period = 'week'",
        )
    }
    for entity_id in copied_only:
        assert week[entity_id][:3] == (2, 1, 1) and week[entity_id][3] == pytest.approx(0.5)
    for entity_id in in_all:
        assert week[entity_id][:3] == (3, 2, 2) and week[entity_id][3] == pytest.approx(1.0)
    # On the Thursday the copy stands alone: it counts there, once.
    thursday = query(wired, "SELECT DISTINCT articles, articles_without_copies FROM entity_attention WHERE period = 'day' AND period_start = DATE '2015-07-23' AND articles > 0")
    assert thursday == [(1, 1)]
    assert query(wired, "SELECT DISTINCT articles_without_copies <= articles FROM keyword_attention") == [(True,)]
    assert query(wired, "SELECT sum(articles_without_copies) FROM story_attention WHERE period = 'week'") == [(2,)]


def test_article_overview_shows_the_copy_and_the_story(wired):
    rows = {
        title: (original, is_copy, story, agency)
        for title, original, is_copy, story, agency in query(
            wired,
            "SELECT v.title, o.title, v.is_copy, v.story_id, v.agency FROM article_overview v "
            "LEFT JOIN articles o ON o.article_id = v.near_duplicate_of",
        )
    }
    assert rows[COPY["title"]][:2] == (ORIGINAL["title"], True)
    assert rows[ORIGINAL["title"]][:2] == (None, False)
    assert rows[COPY["title"]][2] == rows[ORIGINAL["title"]][2] != rows[SAME_AGENCY_SAME_DAY["title"]][2]
    assert {r[3] for r in rows.values()} == {"واس"}


def test_story_sample_draws_pairs_blind_to_their_similarity(wired):
    from akhbar.warehouse.story_sample import sample

    pairs = sample(wired, 5)
    assert pairs, "the original and its copy share features"
    assert all(set(p) == {"pair", "a", "b", "a_title", "b_title", "a_outlet", "b_outlet", "a_date", "b_date", "a_opening", "b_opening"} for p in pairs)
    assert len({frozenset((p["a"], p["b"])) for p in pairs}) == len(pairs) and sample(wired, 5) == pairs


def test_source_health_counts_copies_per_outlet(wired):
    rows = query(wired, "SELECT outlet, articles, copies, duplicate_rate FROM source_health ORDER BY outlet")
    assert rows == [("okaz", 1, 1, 1.0), ("sabq", 2, 0, 0.0)]


def test_search_per_story_collapses_the_copy(wired, capsys):
    assert main(["search", "وزير الخارجية المصري", "--warehouse", str(wired), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["search", "وزير الخارجية المصري", "--story", "--warehouse", str(wired), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_export_writes_each_format_and_refuses_writes(wired, tmp_path, capsys):
    sql = "SELECT title, agency FROM articles ORDER BY title"
    for name in ("out.parquet", "out.csv", "out.jsonl"):
        assert main(["export", sql, "--out", str(tmp_path / name), "--warehouse", str(wired)]) == 0
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0] == "\"title\",\"agency\""
    assert [json.loads(line)["agency"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()] == ["واس"] * 3
    assert main(["export", "DELETE FROM articles", "--out", str(tmp_path / "x.csv"), "--warehouse", str(wired)]) != 0
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.corpus
def test_saudinewsnet_three_days_copies_and_stories(tmp_path):
    corpus = needs_corpus("saudinewsnet")
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([corpus / f"2015-07-2{d}.zip" for d in (2, 3, 4)], warehouse)
    counts = query(
        warehouse,
        "SELECT count(*), count(near_duplicate_of), count(DISTINCT story_id), "
        "(SELECT count(*) FROM stories WHERE article_count > 1), (SELECT max(article_count) FROM stories) FROM article_stories",
    )[0]
    assert counts == EXPECTED_SAUDINEWSNET_3_DAYS


# Measured with this code: articles, near copies, stories, stories of more than one article, the largest.
# Story features include the articles' entities: the entity rounds of 2026-12-07 (listed names,
# span repairs) moved the stories from 4,162 (460 of several articles) to 4,138 (471).
EXPECTED_SAUDINEWSNET_3_DAYS = (5260, 672, 4138, 471, 28)
