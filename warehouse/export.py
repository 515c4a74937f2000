"""``akhbar export``: a read-only query's result written to a Parquet, CSV or JSON Lines file.

The query goes through the same checks and read-only connection as ``akhbar sql``
(warehouse/query.py): DuckDB's own ``COPY ... TO`` is refused there (external access is off), so
the rows stream out in Arrow batches and Python writes the file, under a temporary name renamed
into place, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from akhbar.errors import AkhbarError
from akhbar.output import json_default
from akhbar.warehouse.db import connect_reader
from akhbar.warehouse.query import execute_read_only

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
BATCH_ROWS = 10_000


def export_query(warehouse: Path, sql: str, out: Path) -> int:
    """Write the query's rows to ``out`` (format from its extension); return the row count."""
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise AkhbarError(f"cannot tell the format of {out.name}: use a name ending in {', '.join(sorted(FORMATS))}")
    temp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    rows = 0
    with connect_reader(warehouse) as con:
        reader = execute_read_only(con, sql).fetch_record_batch(BATCH_ROWS)
        try:
            rows = _write(reader, temp, fmt)
            os.replace(temp, out)
        except OSError as exc:
            raise AkhbarError(f"cannot write {out}: {exc}") from None
        finally:
            reader.close()
            temp.unlink(missing_ok=True)
    return rows


def _write(reader: pa.RecordBatchReader, path: Path, fmt: str) -> int:
    rows = 0
    if fmt == "parquet":
        with pq.ParquetWriter(path, reader.schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
    elif fmt == "csv":
        with pacsv.CSVWriter(path, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
    else:
        with open(path, "w", encoding="utf-8") as f:
            for batch in reader:
                for record in batch.to_pylist():
                    f.write(json.dumps(record, ensure_ascii=False, default=json_default) + "\n")
                rows += batch.num_rows
    return rows
