"""Publishing a run's summary to Prefect as artifacts (visible in the Prefect UI)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from akhbar.summary import RunSummary

REPORT_NAME = "report.html"


@task(name="write-report", retries=1, retry_delay_seconds=2)
def write_run_report(warehouse: str) -> str | None:
    """Refresh the HTML report beside the warehouse; a failure is logged, never fails the run."""
    from akhbar.report import write_report

    out = Path(warehouse).resolve().with_name(REPORT_NAME)
    try:
        return str(write_report(Path(warehouse), out))
    except Exception as exc:  # noqa: BLE001 - the report is a view of the data, not the data
        get_run_logger().warning("could not write the report %s: %s", out, exc)
        return None


@task(name="publish-summary")
def publish_summary(summary: RunSummary, report_path: str | None = None) -> None:
    """A table artifact of the run's counts and a markdown artifact summarising it."""
    rows = summary.rows_written
    key = "akhbar-run-summary"
    create_table_artifact(
        key=key,
        table=[{"table": name, "rows_added": count} for name, count in rows.items()],
        description=f"Rows added per table by run {summary.run_id}",
    )
    create_markdown_artifact(
        key="akhbar-run-report",
        markdown=render_markdown(summary, report_path),
        description=f"akhbar run {summary.run_id}",
    )


def render_markdown(summary: RunSummary, report_path: str | None = None) -> str:
    """The run summary as markdown, with a link to the HTML report when there is one."""
    rows = summary.rows_written
    lines = [
        f"# akhbar run `{summary.run_id}`",
        "",
        "| documents | count |",
        "|---|---:|",
        *(f"| {label} | {getattr(summary, key)} |" for label, key in _DOC_COUNTS),
        "",
        "| table | rows added |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in rows.items()),
    ]
    if report_path:
        lines += ["", f"Report: [{Path(report_path).name}]({Path(report_path).as_uri()})"]
    return "\n".join(lines)


_DOC_COUNTS = (
    ("seen", "documents_seen"),
    ("new", "documents_new"),
    ("skipped (already loaded)", "documents_skipped"),
    ("loaded", "documents_loaded"),
    ("quarantined", "documents_quarantined"),
)
