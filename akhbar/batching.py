"""Cutting work into transform batches: the unit of parallel work and of Prefect task runs."""

from __future__ import annotations

from akhbar import formats
from akhbar.formats.base import BYTES_PER_PAGE, WorkItem

__all__ = ["BYTES_PER_PAGE", "batch_weight", "item_weight", "plan_batches"]


def plan_batches(items: list[WorkItem], batch_size: int) -> list[list[WorkItem]]:
    """Group items so each batch holds about ``batch_size`` documents.

    Each item weighs what its format estimates (a page or HTML file: one document; a JSON, JSON
    Lines or WARC file: by its size, its record count being unknown until it is read), so one
    large container is a batch of its own. Order is kept.
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
    """Estimated documents in an item, as its format weighs it."""
    return formats.weight(item)


def batch_weight(batch: list[WorkItem]) -> int:
    """Estimated documents in a batch."""
    return sum(item_weight(item) for item in batch)
