"""Publishing a run's summary to Prefect as artifacts (visible in the Prefect UI)."""

from __future__ import annotations

import json

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact


@task(name="publish-summary")
def publish_summary(summary: dict) -> None:
    """A table artifact of the run's counts and a markdown artifact summarising it."""
    rows = json.loads(summary["rows_written"])
    key = "akhbar-run-summary"
    create_table_artifact(
        key=key,
        table=[{"table": name, "rows_added": count} for name, count in rows.items()],
        description=f"Rows added per table by run {summary['run_id']}",
    )
    create_markdown_artifact(
        key="akhbar-run-report",
        markdown=render_markdown(summary),
        description=f"akhbar run {summary['run_id']}",
    )


def render_markdown(summary: dict) -> str:
    """The run summary as markdown."""
    rows = json.loads(summary["rows_written"])
    lines = [
        f"# akhbar run `{summary['run_id']}`",
        "",
        "| documents | count |",
        "|---|---:|",
        *(f"| {label} | {summary[key]} |" for label, key in _DOC_COUNTS),
        "",
        "| table | rows added |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in rows.items()),
    ]
    return "\n".join(lines)


_DOC_COUNTS = (
    ("seen", "documents_seen"),
    ("new", "documents_new"),
    ("skipped (already loaded)", "documents_skipped"),
    ("loaded", "documents_loaded"),
    ("quarantined", "documents_quarantined"),
)
