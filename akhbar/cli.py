"""The ``akhbar`` command line: run the flow, query the warehouse, serve the schedule."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from akhbar.errors import AkhbarError
from akhbar.settings import DEFAULT_BATCH_SIZE, DEFAULT_SOURCE, DEFAULT_WAREHOUSE, prefect_defaults

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except AkhbarError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("akhbar: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description="Arabic news ETL: raw pages -> Parquet lake -> DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline flow once")
    run.add_argument("--source", action="append", dest="sources", metavar="PATH", help=f"folder, glob or file (repeatable; default {DEFAULT_SOURCE}/)")
    run.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE", help="DuckDB file (default %(default)s)")
    run.add_argument("--lake", default=None, metavar="DIR", help="Parquet lake folder or URI (default: lake/ beside the warehouse)")
    run.add_argument("--full-refresh", action="store_true", help="rebuild every table from the raw documents")
    run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="documents per transform task (default %(default)s)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another run to finish")
    run.set_defaults(handler=_cmd_run)

    sql = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    sql.add_argument("query")
    sql.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--max-width", type=int, default=60, help="truncate table cells to this many characters")
    sql.set_defaults(handler=_cmd_sql)

    serve = sub.add_parser("serve", help="serve the scheduled deployment locally (flow.serve)")
    serve.add_argument("--cron", default="0 * * * *", help="schedule (default hourly: %(default)s)")
    serve.add_argument("--source", action="append", dest="sources", metavar="PATH")
    serve.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    serve.add_argument("--lake", default=None, metavar="DIR")
    serve.set_defaults(handler=_cmd_serve)

    ner_eval = sub.add_parser("ner-eval", help="evaluate the shipped NER model on a CoNLL file; prints JSON")
    ner_eval.add_argument("file")
    ner_eval.set_defaults(handler=_cmd_ner_eval)

    train = sub.add_parser("train-ner", help="train the NER model (needs the training extra)", add_help=False)
    train.add_argument("args", nargs=argparse.REMAINDER)
    train.set_defaults(handler=_cmd_train_ner)
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    prefect_defaults()
    from akhbar.flows.pipeline import akhbar_pipeline

    state = akhbar_pipeline(
        sources=args.sources or [DEFAULT_SOURCE],
        warehouse=args.warehouse,
        lake=args.lake,
        full_refresh=args.full_refresh,
        batch_size=args.batch_size,
        wait_s=args.wait,
        return_state=True,
    )
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        if isinstance(result, (AkhbarError, ValueError)):
            print(f"akhbar: run failed: {result}", file=sys.stderr)
            return EXIT_FAILED
        raise result
    if not state.is_completed():
        print(f"akhbar: run ended in state {state.type.value}: {state.message}", file=sys.stderr)
        return EXIT_FAILED
    print(format_summary(result))
    return EXIT_OK


def format_summary(summary: dict) -> str:
    """A one-screen run summary: document counts, then rows written per table."""
    rows = json.loads(summary["rows_written"])
    lines = [
        f"akhbar run {summary['run_id']}",
        f"  documents  seen {summary['documents_seen']}  new {summary['documents_new']}  "
        f"skipped {summary['documents_skipped']}  loaded {summary['documents_loaded']}  "
        f"quarantined {summary['documents_quarantined']}",
        "  rows written:",
    ]
    width = max(map(len, rows), default=0)
    lines += [f"    {name.ljust(width)}  {count:>8}" for name, count in rows.items()]
    return "\n".join(lines)


def _cmd_sql(args: argparse.Namespace) -> int:
    from pathlib import Path

    from akhbar.output import render
    from akhbar.warehouse.query import run_query

    columns, rows = run_query(Path(args.warehouse), args.query)
    print(render(columns, rows, args.format, max_width=args.max_width))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    prefect_defaults()
    from akhbar.flows.pipeline import akhbar_pipeline

    akhbar_pipeline.serve(
        name="akhbar-hourly",
        cron=args.cron,
        parameters={"sources": args.sources or [DEFAULT_SOURCE], "warehouse": args.warehouse, "lake": args.lake},
    )
    return EXIT_OK


def _cmd_ner_eval(args: argparse.Namespace) -> int:
    from akhbar.ner.evaluate import main as ner_eval_main

    return ner_eval_main([args.file]) or EXIT_OK


def _cmd_train_ner(args: argparse.Namespace) -> int:
    from akhbar.ner.train import main as train_main

    return train_main(args.args) or EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
