"""Where a run's time went: wall seconds per stage, for the summary and the benchmark."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

# "copies": the copy and story signatures (the transform's, and a reprocess of stories).
TRANSFORM_STAGES = ("parse", "keywords", "entities", "search", "copies", "write_parquet")


def stage_breakdown(walls: Mapping[str, float], batch_seconds: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Wall seconds per stage: extract, parse, keywords, entities, search (its words), copies
    (signatures), write_parquet, load, publish.

    The transform stages run interleaved inside parallel batches, so their wall time is the
    transform's wall time shared out by each stage's share of the batches' summed CPU seconds.
    """
    cpu = Counter()
    for seconds in batch_seconds:
        cpu.update(seconds)
    # Building Arrow tables is part of writing them.
    cpu["write_parquet"] += cpu.pop("arrow", 0.0)
    total = sum(cpu[s] for s in TRANSFORM_STAGES) or 1.0
    transform_wall = walls.get("transform", 0.0)
    stages = {"extract": walls.get("extract", 0.0)}
    stages.update({s: transform_wall * cpu[s] / total for s in TRANSFORM_STAGES})
    stages["load"] = walls.get("load", 0.0)
    stages["publish"] = walls.get("publish", 0.0)
    return {k: round(v, 3) for k, v in stages.items()}
