"""The committed data dictionary is exactly what the code generates from the schemas and views."""

from __future__ import annotations

from akhbar.cli import main
from akhbar.dictionary import default_path, render_dictionary
from akhbar.schema import TABLES
from akhbar.warehouse.views import view_names


def test_committed_dictionary_matches_the_schema():
    committed = default_path().read_text(encoding="utf-8")
    assert committed == render_dictionary(), "warehouse/README.md is stale: run `akhbar docs` and commit it"


def test_dictionary_covers_every_table_column_and_view():
    text = render_dictionary()
    for spec in TABLES:
        assert f"`{spec.name}`" in text
        for field in spec.schema:
            description = field.metadata[b"description"].decode().replace("|", "\\|")
            assert f"| `{field.name}` |" in text and description in text
    for name in view_names():
        assert f"### `{name}`" in text


def test_docs_check_fails_on_a_stale_file(tmp_path, capsys):
    stale = tmp_path / "README.md"
    stale.write_text("old\n", encoding="utf-8")
    assert main(["docs", "--check", "--out", str(stale)]) == 1
    assert main(["docs", "--out", str(stale)]) == 0
    assert main(["docs", "--check", "--out", str(stale)]) == 0
