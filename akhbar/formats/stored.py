"""Stored articles as transform work: re-deriving what the warehouse holds (``--reprocess``).

The warehouse exports the articles to re-derive to the run's staging area, in Parquet files of
at most a batch's worth of articles (akhbar.warehouse.reprocess); each file is one work item of
this format. It is not a source format (no file name is ever read as one) and its items are not
raw documents: a transform worker reads its file chunk by chunk, computes the chosen
derivations' rows (akhbar.derivations) and stages them like a new document's rows, plus the
list of articles it re-derived and of those it quarantined (a derivation raised on them); the
load then replaces the re-derived articles' rows and records the quarantined ones. No table
travels through Prefect: only file paths.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from akhbar.formats.base import BYTES_PER_PAGE, FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, by_size
from akhbar.schema import QUARANTINED_ARTICLES, REDERIVED_ARTICLES, STORED_ARTICLES

if TYPE_CHECKING:
    from akhbar.transform import StageClock, TransformContext

NAME = "stored"


def item(path: str, byte_size: int) -> WorkItem:
    """The work item of one exported file of stored articles."""
    return WorkItem(path=path, fmt=NAME, byte_size=byte_size)


def stage(
    item: WorkItem,
    derive: Sequence[str],
    ctx: "TransformContext",
    filesystem,
    chunk_articles: int,
    clock: "StageClock",
) -> Iterator[dict[str, "pa.Table"]]:
    """The staged tables of the chosen derivations for the item's articles, ``chunk_articles`` at a
    time (so a worker holds one chunk's texts and rows), each with the chunk's REDERIVED_ARTICLES."""
    # Imported here: the derivations import the transform, which imports this registry.
    from akhbar.derivations import DERIVATIONS

    derivations = [DERIVATIONS[name] for name in derive]
    with filesystem.open_input_file(item.path) as source:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=chunk_articles, columns=STORED_ARTICLES.columns):
            # Yielded straight from the call: this frame keeps no reference to a chunk's rows.
            yield _derive_chunk(batch, derivations, ctx, clock)


def _derive_chunk(batch: pa.RecordBatch, derivations: list, ctx: "TransformContext", clock: "StageClock") -> dict[str, pa.Table]:
    """The chunk's staged tables. A derivation that raises costs one article, never the chunk:
    the chunk is then derived article by article, and an article that fails is quarantined with
    the reason (QUARANTINED_ARTICLES) and left out of REDERIVED_ARTICLES, so it keeps its rows."""
    articles = list(zip(*(batch.column(name).to_pylist() for name in STORED_ARTICLES.columns)))
    try:
        tables = _derive(articles, derivations, ctx, clock)
        done, failed = articles, []
    except Exception:  # noqa: BLE001 - a bad article (or a bug on it) must not cost the others
        parts: list[dict[str, pa.Table]] = []
        done, failed = [], []
        for article in articles:
            try:
                parts.append(_derive([article], derivations, ctx, clock))
                done.append(article)
            except Exception as exc:  # noqa: BLE001
                failed.append((article, getattr(exc, "derivation", "?"), exc.__cause__ or exc))
        tables = {name: pa.concat_tables([p[name] for p in parts]) for name in parts[0]} if parts else {}
    tables[REDERIVED_ARTICLES.name] = pa.table(
        {"article_id": [a[0] for a in done], "doc_id": [a[1] for a in done]}, schema=REDERIVED_ARTICLES.schema
    )
    tables[QUARANTINED_ARTICLES.name] = pa.Table.from_pylist(
        [
            dict(article_id=article[0], derivation=d.name, doc_id=article[1], run_id=ctx.run_id,
                 error=f"{name}: internal error ({type(exc).__name__}): {exc}")
            for article, name, exc in failed
            for d in derivations
        ],
        schema=QUARANTINED_ARTICLES.schema,
    )  # fmt: skip
    return tables


class _DerivationFailed(Exception):
    """A derivation raised on some article of the list (its name in ``derivation``)."""

    def __init__(self, derivation: str) -> None:
        super().__init__(derivation)
        self.derivation = derivation


def _derive(articles: list, derivations: list, ctx: "TransformContext", clock: "StageClock") -> dict[str, pa.Table]:
    tables: dict[str, pa.Table] = {}
    for derivation in derivations:
        with clock.stage(derivation.stage or derivation.name):
            try:
                tables.update(derivation.rows(articles, ctx))
            except Exception as exc:
                raise _DerivationFailed(derivation.name) from exc
    return tables


def _not_read(item: WorkItem, stream, limits: ReadLimits) -> Iterator[RawDocument]:
    raise TypeError(f"{item.path}: stored articles are staged by their format, not read as documents")


def _not_parsed(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    raise TypeError(f"{doc.source_uri}: stored articles are staged by their format, not parsed")


# Weighed by size like a container: the export writes at most a batch's worth of articles a file.
FORMAT = FileFormat(
    NAME, (), _not_read, by_size(BYTES_PER_PAGE), _not_parsed, stream_cap=None,
    description="stored articles exported from the warehouse for a reprocess (never a source)", stage=stage,
)
