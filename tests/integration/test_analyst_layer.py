"""The analyst's side on a real flow-built warehouse: views, example queries, search, docs, report.

One warehouse for the module: the seeds plus two broken documents (so quarantine shows up).
The browser check runs the report in headless Chromium and skips when Chromium is not installed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from akhbar.cli import main
from akhbar.warehouse.examples import example_queries, run_example
from akhbar.warehouse.views import view_names
from tests.conftest import REPO, SEED_PAGE, SEEDS
from tests.integration.conftest import query, run_flow

SEED_TITLE = "بيسكوف: لا أساس للحديث عن تطهير عرقي في قره باغ"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("analyst")
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "title_only.txt").write_text("عنوان بلا نص\n", encoding="utf-8")
    # The seed page saved again with Windows line endings: other bytes (a second document), the
    # same articles (so example 10 has an answer).
    (inbox / "republished.txt").write_bytes(SEED_PAGE.read_bytes().replace(b"\n", b"\r\n"))
    warehouse = root / "wh" / "akhbar.duckdb"
    run_flow([inbox], warehouse)
    return warehouse


# --- views -------------------------------------------------------------------------------------


def test_views_exist_and_every_column_is_described(seeded):
    for name in view_names():
        comment = query(seeded, "SELECT comment FROM duckdb_views() WHERE view_name = ?", [name])
        assert comment and comment[0][0], f"view {name} has no description"
        undocumented = query(
            seeded, "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND (comment IS NULL OR comment = '')", [name]
        )
        assert undocumented == [], f"{name}: undocumented columns {undocumented}"


def test_contract_tables_carry_their_descriptions(seeded):
    rows = query(seeded, "SELECT comment FROM duckdb_columns() WHERE table_name = 'articles' AND column_name = 'published_date'")
    assert rows == [("Publication date (UTC); NULL when unknown.",)]


def test_article_overview_has_one_row_per_article(seeded):
    assert query(seeded, "SELECT count(*), count(DISTINCT article_id) FROM article_overview") == query(
        seeded, "SELECT count(*), count(*) FROM articles"
    )
    row = query(seeded, "SELECT outlet, sources, tags[1:3], locations > 3 FROM article_overview WHERE title = ?", [SEED_TITLE])
    assert row == [("RT", ["RT", "RT Arabic"], ["كورونا", "إلهام علييف", "الكرملين"], True)]


def test_daily_views_add_up_to_the_dated_articles(seeded):
    dated = query(seeded, "SELECT count(*) FROM articles WHERE published_date IS NOT NULL")[0][0]
    assert query(seeded, "SELECT sum(articles) FROM publisher_daily_volume")[0][0] == dated
    assert query(
        seeded, "SELECT sum(articles) FROM entity_daily_counts WHERE name = 'قره باغ'"
    ) == query(
        seeded,
        "SELECT count(DISTINCT m.article_id) FROM entity_mentions m JOIN entities e USING (entity_id) "
        "JOIN articles a USING (article_id) WHERE e.name = 'قره باغ' AND a.published_date IS NOT NULL",
    )


def test_cooccurrence_lists_each_pair_once(seeded):
    assert query(seeded, "SELECT count(*) FROM entity_cooccurrence WHERE entity_id_a >= entity_id_b")[0][0] == 0
    pairs = query(
        seeded,
        "SELECT count(*) FROM (SELECT DISTINCT x.entity_id, y.entity_id FROM entity_mentions x "
        "JOIN entity_mentions y ON x.article_id = y.article_id AND x.entity_id < y.entity_id)",
    )
    assert query(seeded, "SELECT count(*) FROM entity_cooccurrence") == pairs


def test_quarantined_documents_view(seeded):
    reasons = dict(query(seeded, "SELECT regexp_extract(source_uri, '[^/]+$'), reason FROM quarantined_documents"))
    assert set(reasons) == {"empty.txt", "title_only.txt"} and all(reasons.values())


# --- example queries ----------------------------------------------------------------------------

EXAMPLES = example_queries()


def test_there_are_a_dozen_examples_each_with_a_question():
    assert len(EXAMPLES) >= 12
    assert all(q.question.endswith("?") for q in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[q.name for q in EXAMPLES])
def test_example_query_runs_with_its_documented_defaults(seeded, example):
    used = set(re.findall(r"\$(\w+)", re.sub(r"^--.*$", "", example.sql, flags=re.MULTILINE)))
    assert used == {p.name for p in example.params}, "every $parameter is documented, and only those"
    columns, rows = run_example(seeded, example.name)
    assert columns and len(set(columns)) == len(columns)
    # An example that answers nothing on the test warehouse would pass whatever its SQL did.
    assert rows, f"example {example.name} returns no row with its defaults"


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("02", {"entity_type": "LOC"}, "قره باغ"),
        ("04", {}, "قره باغ"),
        ("05", {}, "قره باغ"),
        ("06", {}, SEED_TITLE),
        ("09", {}, SEED_TITLE),
        ("12", {}, "قره باغ"),
    ],
)
def test_example_answers_on_the_seeds(seeded, name, params, expected):
    _, rows = run_example(seeded, name, **params)
    assert any(expected in row for row in rows)


def test_quarantine_reasons_example_counts_each_reason(seeded):
    _, rows = run_example(seeded, "08")
    assert sum(r[1] for r in rows) == 2


# --- search on the flow-built warehouse ----------------------------------------------------------


def test_search_index_is_built_by_the_load(seeded):
    assert query(seeded, "SELECT count(*) FROM search.indexed_articles") == query(seeded, "SELECT count(*) FROM articles")


def test_search_cli_table_and_json(seeded, capsys):
    assert main(["search", "قره باغ", "--warehouse", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(" 1.") and SEED_TITLE in out.splitlines()[0]
    assert main(["search", "اذربيجان", "--format", "json", "--limit", "3", "--since", "2023-01-01",
                 "--entity", "بيسكوف", "--warehouse", str(seeded)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["title"] for h in hits] == [SEED_TITLE]
    assert "**أذربيجان**" in hits[0]["snippet"]


def test_search_splits_a_query_typed_with_a_zero_width_non_joiner(seeded, capsys):
    # As a Persian keyboard types it: قره + ZWNJ + باغ; the text has قره باغ.
    assert main(["search", "\u0642\u0631\u0647\u200c\u0628\u0627\u063a", "--warehouse", str(seeded), "--format", "json"]) == 0
    assert SEED_TITLE in [hit["title"] for hit in json.loads(capsys.readouterr().out)]


def test_search_cli_explains_an_empty_query(seeded, capsys):
    assert main(["search", "في", "--warehouse", str(seeded)]) == 1
    assert "function words" in capsys.readouterr().err


# --- report -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(seeded) -> Path:
    out = seeded.parent / "report.html"
    assert main(["report", "--warehouse", str(seeded), "--out", str(out)]) == 0
    return out


def test_report_is_self_contained_rtl_arabic(report):
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page), "everything is inline"
    assert "Plotly.newPlot" in page and page.count('class="chart"') >= 6
    assert "title_only.txt" in page  # the quarantine table


# The probe is added to a copy of the page: errors are recorded from the first script on, and
# after load the results are written into the DOM, which --dump-dom prints.
PROBE_HEAD = """<script>window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));
const __ce = console.error; console.error = (...a) => { window.__errors.push(a.join(' ')); __ce(...a); };</script>"""
PROBE_TAIL = """<script>window.addEventListener('load', () => setTimeout(() => {
  const charts = {};
  document.querySelectorAll('.plotly-graph-div').forEach(d => { charts[d.id] = d.querySelectorAll('svg.main-svg').length; });
  const h1 = document.querySelector('h1'), range = document.createRange();
  range.selectNodeContents(h1);
  const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
  const probe = document.createElement('pre'); probe.id = 'probe'; probe.hidden = true;
  const places = document.querySelectorAll('svg.place-map circle').length;
  // Country shapes drawn with a real outline (the browser measured them), under every map.
  const land = [...document.querySelectorAll('svg.place-map')].map(svg =>
    [...svg.querySelectorAll('g.land path')].filter(p => p.getBBox().width > 1).length);
  probe.textContent = JSON.stringify({errors: window.__errors, charts, places, land,
    direction: getComputedStyle(document.body).direction, lang: document.documentElement.lang,
    textRightAligned: Math.abs(text.right - box.right) < 2 && text.left - box.left > 100});
  document.body.appendChild(probe);
}, 500));</script>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("headless browser check needs Chromium: apt-get install -y chromium (not installed here)")


def _run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
         # Any network request fails: the page must not need one.
         "--proxy-server=http://127.0.0.1:9", "--virtual-time-budget=5000", *args],
        capture_output=True, text=True, timeout=120,
    )


def test_report_renders_in_headless_chromium(report, tmp_path):
    binary = _chromium()
    page = report.read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("<head>", "<head>" + PROBE_HEAD, 1).replace("</body>", PROBE_TAIL + "</body>", 1), encoding="utf-8")
    shot = REPO / "artifacts" / "report.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    # One browser start does both: the DOM after load (with the probe's results) and a screenshot.
    done = _run_chromium(binary, tmp_path / "profile", "--window-size=1280,3000", f"--screenshot={shot}", "--dump-dom", probed.as_uri())
    match = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"the probe did not run; chromium said: {done.stderr[-2000:]}"
    result = json.loads(html.unescape(match.group(1)))
    assert result["errors"] == []
    assert result["lang"] == "ar" and result["direction"] == "rtl"
    assert result["textRightAligned"], "the Arabic heading is laid out from the right"
    assert len(result["charts"]) >= 6 and all(n >= 1 for n in result["charts"].values()), result["charts"]
    assert result["places"] >= 5, "the map of places draws a point per country"
    assert result["land"] and min(result["land"]) >= 10, f"every map draws country shapes: {result['land']}"
    assert shot.exists() and shot.stat().st_size > 10_000, done.stderr[-2000:]
