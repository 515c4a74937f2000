"""Search ranking and filters on a small hand-made warehouse (no flow, no Prefect)."""

from __future__ import annotations

from datetime import date, datetime, timezone
import shutil
from pathlib import Path

import duckdb
import pytest

from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.fts import load_fts
from akhbar.warehouse.search import SearchError, connect_search, search
from akhbar.warehouse.search_index import refresh_search_index

# id, published, title, body
ARTICLES = [
    ("karabakh", date(2023, 9, 20), "بيسكوف: لا أساس للحديث عن تطهير عرقي في قره باغ",
     "قال المتحدث باسم الكرملين إن روسيا تتابع الوضع في إقليم قره باغ. وأكدت وزارة الدفاع الروسية وقف إطلاق النار في قره باغ."),
    ("baku", date(2023, 9, 21), "باكو تعلن انتهاء العملية العسكرية",
     "أعلنت أذربيجان انتهاء العملية في الإقليم، وقالت إن قوات حفظ السلام الروسية تراقب الوضع في باغ."),
    ("garden", date(2024, 1, 5), "افتتاح حديقة جديدة في القاهرة",
     "افتتحت محافظة القاهرة حديقة عامة جديدة، وقال المسؤول إن الباغ الكبير سيفتح للزوار."),
    ("russian", date(2024, 2, 1), "الرئيس الروسي يستقبل نظيره",
     "استقبل الرئيس الروسي نظيره في موسكو لبحث العلاقات الثنائية."),
    ("rossi", None, "روسي يفوز بسباق الدراجات",
     "فاز درّاج روسي بالسباق الدولي الذي أقيم في مدينة دبي."),
    ("government", date(2024, 3, 1), "الحكومة الأردنية تقر موازنة العام الجديد",
     "أقرت الحكومة الأردنية مشروع قانون الموازنة العامة بعد مناقشات طويلة."),
]
MENTIONS = [("karabakh", "e-peskov", "دميتري بيسكوف", "دميتري بيسكوف", "PERS"), ("baku", "e-baku", "باكو", "باكو", "LOC")]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "akhbar.duckdb"
    con = connect_writer(path)
    now = datetime(2024, 3, 2, tzinfo=timezone.utc)
    con.execute("BEGIN")
    for article_id, published, title, body in ARTICLES:
        con.execute(
            "INSERT INTO documents (doc_id, source_uri, status, byte_size, run_id, ingested_at) VALUES (?, ?, 'loaded', 1, 'r', ?)",
            [f"doc-{article_id}", f"{article_id}.txt", now],
        )
        con.execute(
            "INSERT INTO articles (article_id, doc_id, title, body, published_date, word_count, language) "
            "VALUES (?, ?, ?, ?, ?, 10, 'ar')",
            [article_id, f"doc-{article_id}", title, body, published],
        )
    for article_id, entity_id, name, surface, kind in MENTIONS:
        con.execute("INSERT INTO entities (entity_id, name, name_norm, entity_type, is_name) VALUES (?, ?, ?, ?, true)", [entity_id, name, name, kind])
        con.execute(
            "INSERT INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char, method, alias_id) "
            "VALUES (?, ?, 'body', ?, ?, 0, ?, 'model', ?)", [article_id, entity_id, surface, name, len(surface), entity_id],
        )
    refresh_search_index(con)
    con.execute("COMMIT")
    con.close()
    return path


@pytest.fixture(scope="module")
def con(warehouse):
    # One reader for the module: opening one loads the 24 MB extension (~0.4 s).
    with connect_search(warehouse) as con:
        yield con


def ids(hits):
    return [h.article_id for h in hits]


def test_expected_article_comes_first(con):
    hits = search(con, "قره باغ")
    assert ids(hits) == ["karabakh"]  # all words required: 'baku' and 'garden' have only باغ


def test_any_word_ranks_the_full_match_first(con):
    hits = search(con, "قره باغ", match_all=False)
    assert ids(hits)[0] == "karabakh"
    assert set(ids(hits)) == {"karabakh", "baku", "garden"}
    assert hits[0].score > hits[1].score


def test_title_hits_outrank_body_hits(con):
    # الروسي is in the title of 'russian' only; the others have a form of it in the body.
    assert ids(search(con, "الروسي", match_all=False))[0] in {"russian", "rossi"}


@pytest.mark.parametrize("query", ["الروسي", "الروسية", "روسي", "الروسيه", "الرُّوسِيّ"])
def test_forms_of_one_word_find_each_other(con, query):
    assert {"karabakh", "baku", "russian", "rossi"} <= set(ids(search(con, query)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [("اذربيجان", "baku"), ("أذربيجانَ", "baku"), ("الحكومه", "government"), ("الحكـومة", "government"),
     ("حكومة", "government"), ("المسوول", "garden"), ("مسؤول", "garden")],
)
def test_queries_typed_without_hamza_or_diacritics_find_the_text(con, query, expected):
    assert ids(search(con, query)) == [expected]


def test_since_and_entity_filters(con):
    assert set(ids(search(con, "روسي", since=date(2024, 1, 1)))) == {"russian"}  # undated 'rossi' excluded
    assert ids(search(con, "باغ", entity="بيسكوف")) == ["karabakh"]  # a whole word of the name
    assert ids(search(con, "باغ", entity="بيس")) == []  # not a prefix match


def test_snippet_highlights_every_form_that_matched(con):
    hit = search(con, "روسي")[0]
    assert "**" in hit.snippet
    karabakh = next(h for h in search(con, "روسي") if h.article_id == "karabakh")
    assert "**روسيا**" not in karabakh.snippet  # روسيا (the country) is another stem
    assert "**الروسية**" in karabakh.snippet


def test_function_words_alone_are_refused(con):
    with pytest.raises(SearchError):
        search(con, "في من")


def test_search_connection_is_sealed(con):
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('/etc/hostname')")
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")


def test_a_rolled_back_load_leaves_the_index_as_it_was(warehouse, tmp_path):
    # A copy: the module's reader holds the original open with another configuration.
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("BEGIN")
        con.execute("DELETE FROM entity_mentions WHERE article_id = 'karabakh'")
        con.execute("DELETE FROM articles WHERE article_id = 'karabakh'")
        refresh_search_index(con)
        assert "karabakh" not in ids(search(con, "باغ"))  # the transaction sees its own index
        con.execute("ROLLBACK")
    finally:
        con.close()
    with duckdb.connect(str(copy)) as reader:
        load_fts(reader)
        assert ids(search(reader, "قره باغ")) == ["karabakh"]


def test_a_warehouse_never_loaded_has_no_index(tmp_path):
    connect_writer(tmp_path / "empty.duckdb").close()
    with connect_search(tmp_path / "empty.duckdb") as con, pytest.raises(SearchError, match="akhbar run"):
        search(con, "قره باغ")


def test_a_committed_rebuild_replaces_the_index(warehouse, tmp_path):
    # The second build of an existing index, inside a transaction that commits (the usual load).
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("BEGIN")
        con.execute("INSERT INTO documents (doc_id, source_uri, status, byte_size, run_id, ingested_at) VALUES ('doc-new', 'n.txt', 'loaded', 1, 'r', now())")
        con.execute(
            "INSERT INTO articles (article_id, doc_id, title, body, word_count, language) "
            "VALUES ('new', 'doc-new', 'قره باغ اليوم', 'تقرير جديد عن إقليم قره باغ.', 6, 'ar')"
        )
        con.execute("UPDATE articles SET body = 'نص معدل بلا ذكر للإقليم.' WHERE article_id = 'baku'")
        refresh_search_index(con)
        con.execute("COMMIT")
    with duckdb.connect(str(copy), read_only=True) as reader:
        load_fts(reader)
        assert set(ids(search(reader, "قره باغ"))) == {"karabakh", "new"}
        assert "baku" not in ids(search(reader, "اذربيجان", match_all=False))  # a changed article is re-analyzed


def _fts_extension_scores(con, terms: str, conjunctive: int) -> dict[str, float]:
    """Scores of the fts extension's own BM25 over the same analyzed text (the reference)."""
    con.execute(
        "CREATE OR REPLACE TABLE main.ref_text AS SELECT a.article_id, search.analyze(search_key_title) AS title, "
        "search.analyze(search_key_body) AS body FROM ref_keys AS a"
    )
    con.execute(
        "PRAGMA create_fts_index('main.ref_text', 'article_id', 'title', 'body', stemmer = 'none', "
        "stopwords = 'none', ignore = '[^\\p{L}\\p{N}]+', strip_accents = 0, lower = 0, overwrite = 1)"
    )
    rows = con.execute(
        "SELECT article_id, fts_main_ref_text.match_bm25(article_id, ?, conjunctive := ?) "
        "+ coalesce(fts_main_ref_text.match_bm25(article_id, ?, fields := 'title'), 0) AS s FROM main.ref_text",
        [terms, conjunctive, terms],
    ).fetchall()
    return {article_id: round(score, 4) for article_id, score in rows if score is not None}


@pytest.mark.parametrize("query, match_all", [("قره باغ", True), ("قره باغ", False), ("الروسية", False), ("الحكومه الاردنيه", True)])
def test_scores_equal_the_fts_extensions_bm25(con, tmp_path, query, match_all):
    # The incremental index must rank exactly as the extension's match_bm25 did.
    from akhbar.text.search_keys import search_key
    from akhbar.warehouse.search import analyze

    hits = {h.article_id: h.score for h in search(con, query, match_all=match_all, limit=100)}
    with duckdb.connect() as ref:
        load_fts(ref)
        ref.execute(open(Path(__file__).parents[2] / "warehouse" / "sql" / "search_analyzer.sql", encoding="utf-8").read())
        ref.execute("CREATE TABLE ref_keys (article_id VARCHAR, search_key_title VARCHAR, search_key_body VARCHAR)")
        ref.executemany("INSERT INTO ref_keys VALUES (?, ?, ?)", [(a, search_key(t), search_key(b)) for a, _, t, b in ARTICLES])
        expected = _fts_extension_scores(ref, analyze(ref, [query])[0], 1 if match_all else 0)
    assert hits == pytest.approx(expected, abs=1e-3)
    assert hits


def test_an_index_of_an_earlier_version_is_replaced(warehouse, tmp_path):
    # Warehouses built before the incremental index (schema version 3 and older) hold the fts
    # extension's index: migration 4 drops it, and the next load indexes every article again.
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        load_fts(con)
        con.execute("DROP TABLE search.postings")
        con.execute("DROP TABLE search.indexed_articles")
        con.execute("CREATE TABLE search.article_text (article_id VARCHAR, title VARCHAR, body VARCHAR)")
        con.execute("INSERT INTO search.article_text VALUES ('karabakh', 'قره باغ', 'قره')")
        con.execute("PRAGMA create_fts_index('search.article_text', 'article_id', 'title', 'body', overwrite = 1)")
        con.execute("DELETE FROM schema_migrations WHERE version >= 4")
    with connect_writer(copy) as con:
        load_fts(con)
        con.execute("BEGIN")
        refresh_search_index(con)
        con.execute("COMMIT")
        schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
        assert "fts_search_article_text" not in schemas
        assert con.execute("SELECT count(*) FROM search.indexed_articles").fetchone()[0] == len(ARTICLES)
        assert ids(search(con, "قره باغ")) == ["karabakh"]
