"""A run's summary, typed: what the CLI prints, the Prefect artifact shows and the flow returns.

Pure: built from the ``runs`` row the load returns (whose ``rows_written`` column is JSON text,
decoded here once) and from what the warehouse says about the run's quarantined documents.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

# The query that lists quarantined documents with their reasons (a curated view).
QUARANTINE_QUERY = "SELECT source_uri, reason FROM quarantined_documents ORDER BY ingested_at DESC"
# The query that lists the stored articles a reprocess could not re-derive.
ARTICLE_QUARANTINE_QUERY = "SELECT article_id, derivation, error FROM quarantined_articles ORDER BY run_id DESC"


@dataclass(frozen=True)
class RunSummary:
    """Counts of one run: documents by outcome, rows added per table, seconds per stage."""

    run_id: str
    documents_seen: int
    documents_new: int
    documents_skipped: int
    documents_loaded: int
    documents_quarantined: int
    rows_written: dict[str, int]
    flow_run_id: str | None = None
    stages_s: dict[str, float] = field(default_factory=dict)
    # (reason, documents) of this run's quarantined documents, most frequent first.
    quarantine_reasons: list[tuple[str, int]] = field(default_factory=list)
    # Documents quarantined earlier that this run read again (see --retry-quarantined).
    documents_retried: int = 0
    # New documents per format or producer (documents.source_format), most first.
    documents_by_format: dict[str, int] = field(default_factory=dict)
    # Stored articles a reprocess quarantined (a derivation raised on them; they keep their rows).
    articles_quarantined: int = 0

    @classmethod
    def from_row(cls, row: dict, **extra) -> RunSummary:
        """From a ``runs`` row (``rows_written`` as stored: JSON text, or already a dict)."""
        rows = row["rows_written"]
        return cls(
            run_id=row["run_id"],
            flow_run_id=row.get("flow_run_id"),
            documents_seen=row["documents_seen"],
            documents_new=row["documents_new"],
            documents_skipped=row["documents_skipped"],
            documents_loaded=row["documents_loaded"],
            documents_quarantined=row["documents_quarantined"],
            rows_written=json.loads(rows) if isinstance(rows, str) else dict(rows),
            documents_by_format=dict(row.get("documents_by_format") or {}),
            **{k: v for k, v in extra.items() if k in cls.__dataclass_fields__},
        )

    @classmethod
    def from_dict(cls, data: dict) -> RunSummary:
        """From ``as_dict``'s output (the flow's return value)."""
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        values["quarantine_reasons"] = [tuple(pair) for pair in values.get("quarantine_reasons", [])]
        return cls(**values)

    def as_dict(self) -> dict:
        """JSON-ready values (the flow's return value and ``akhbar run --json``)."""
        data = asdict(self)
        data["quarantine_reasons"] = [list(pair) for pair in self.quarantine_reasons]
        return data

    def lines(self) -> list[str]:
        """A one-screen summary: document counts, why documents were quarantined, rows per table."""
        lines = [
            f"akhbar run {self.run_id}",
            f"  documents  seen {self.documents_seen}  new {self.documents_new}  "
            f"skipped {self.documents_skipped}  loaded {self.documents_loaded}  "
            f"quarantined {self.documents_quarantined}",
        ]
        if self.documents_by_format:
            lines.append("  by format  " + "  ".join(f"{name} {count}" for name, count in self.documents_by_format.items()))
        if self.documents_retried:
            lines.append(f"  {self.documents_retried} document(s) quarantined earlier were read again")
        if self.documents_quarantined:
            lines.append("  quarantined, most frequent reasons:")
            lines += [f"    {count:>6}  {_shorten(reason)}" for reason, count in self.quarantine_reasons]
            lines.append(f'  list them: akhbar sql "{QUARANTINE_QUERY}"')
        if self.articles_quarantined:
            lines.append(f"  {self.articles_quarantined} stored article(s) quarantined: a derivation failed on them, they keep their rows")
            lines.append(f'  list them: akhbar sql "{ARTICLE_QUARANTINE_QUERY}"')
        lines.append("  rows written:")
        width = max(map(len, self.rows_written), default=0)
        lines += [f"    {name.ljust(width)}  {count:>8}" for name, count in self.rows_written.items()]
        return lines


def _shorten(reason: str, width: int = 100) -> str:
    reason = " ".join(reason.split())
    return reason if len(reason) <= width else reason[: width - 1] + "…"
