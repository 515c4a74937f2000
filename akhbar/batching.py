"""Cutting work into transform batches: the unit of parallel work and of Prefect task runs."""

from __future__ import annotations

from akhbar.sources import WorkItem

# A JSON container holds many documents; count it as this many bytes per document when sizing.
BYTES_PER_PAGE = 4096


def plan_batches(items: list[WorkItem], batch_size: int) -> list[list[WorkItem]]:
    """Group items so each batch holds about ``batch_size`` documents.

    Page files count as one document each; a JSON/JSONL item counts by its size (its record count
    is unknown until it is parsed), so one large container is a batch of its own. Order is kept.
    """
    batches: list[list[WorkItem]] = []
    current: list[WorkItem] = []
    weight = 0
    for item in items:
        cost = item_weight(item)
        if current and weight + cost > batch_size:
            batches.append(current)
            current, weight = [], 0
        current.append(item)
        weight += cost
    if current:
        batches.append(current)
    return batches


def item_weight(item: WorkItem) -> int:
    """Estimated documents in an item: 1 for a page, by size for a JSON container."""
    return 1 if item.fmt == "page" else max(1, item.byte_size // BYTES_PER_PAGE)


def batch_weight(batch: list[WorkItem]) -> int:
    """Estimated documents in a batch."""
    return sum(item_weight(item) for item in batch)
