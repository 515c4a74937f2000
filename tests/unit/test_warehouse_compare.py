"""`python -m akhbar.warehouse.compare`: two warehouses compared table by table, row by row."""

import shutil

import duckdb

from akhbar.warehouse.compare import main
from akhbar.warehouse.db import connect_writer

_KEYWORDS = [("k1", "الحرمين الشريفين", "الحرمين الشريفين"), ("k2", "وزارة الداخلية", "وزاره الداخليه")]


def _warehouse(path, keywords):
    with connect_writer(path) as con:
        con.executemany("INSERT INTO keywords VALUES (?, ?, ?)", keywords)
    return path


def test_the_same_rows_are_identical(tmp_path, capsys):
    old = _warehouse(tmp_path / "old" / "akhbar.duckdb", _KEYWORDS)
    new = _warehouse(tmp_path / "new" / "akhbar.duckdb", list(reversed(_KEYWORDS)))
    assert main([str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "keywords: 2 / 2 rows, 3 columns, identical" in out
    assert "DIFFERENT" not in out


def test_a_changed_row_and_an_extra_row_are_differences(tmp_path, capsys):
    old = _warehouse(tmp_path / "old" / "akhbar.duckdb", _KEYWORDS)
    changed = [_KEYWORDS[0], ("k2", "وزارة الدفاع", "وزاره الدفاع"), ("k3", "مجلس الأمن", "مجلس الامن")]
    new = _warehouse(tmp_path / "new" / "akhbar.duckdb", changed)
    assert main([str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "keywords: 2 / 3 rows, 3 columns, DIFFERENT: 1 row(s) only in old, 2 only in new" in out


def test_a_column_one_side_has_is_listed_not_compared(tmp_path, capsys):
    old = _warehouse(tmp_path / "old" / "akhbar.duckdb", _KEYWORDS)
    new = tmp_path / "new" / "akhbar.duckdb"
    new.parent.mkdir()
    shutil.copy(old, new)
    with duckdb.connect(str(new)) as con:
        con.execute("ALTER TABLE keywords ADD COLUMN language VARCHAR DEFAULT 'ar'")
    assert main([str(old), str(new)]) == 0
    assert "keywords: 2 / 2 rows, 3 columns, identical; not compared (one side only): language" in capsys.readouterr().out


def test_a_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere.duckdb"), str(tmp_path / "nowhere.duckdb")]) == 2
    assert "no warehouse at" in capsys.readouterr().err


def test_the_search_index_is_compared_table_by_table(tmp_path, capsys):
    old = _warehouse(tmp_path / "old" / "akhbar.duckdb", _KEYWORDS)
    new = _warehouse(tmp_path / "new" / "akhbar.duckdb", _KEYWORDS)
    for path, body_tf in ((old, 1), (new, 2)):
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE SCHEMA search")
            con.execute("CREATE TABLE search.postings (term VARCHAR, article_id VARCHAR, title_tf INTEGER, body_tf INTEGER)")
            con.execute("INSERT INTO search.postings VALUES ('حرم', 'a1', 0, 3), ('داخل', 'a1', 1, ?)", [body_tf])
    with duckdb.connect(str(new)) as con:
        con.execute("CREATE TABLE search.indexed_articles (article_id VARCHAR, length INTEGER)")
    assert main([str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "search.postings: 2 / 2 rows, 4 columns, DIFFERENT: 1 row(s) only in old, 1 only in new" in out
    assert "search.indexed_articles (new only): not compared" in out
    assert "keywords: 2 / 2 rows, 3 columns, identical" in out
