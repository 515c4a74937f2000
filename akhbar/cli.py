"""The ``akhbar`` command line: run the flow, query the warehouse, serve the schedule."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from akhbar.errors import AkhbarError
from akhbar.settings import DEFAULT_BATCH_SIZE, DEFAULT_SOURCE, DEFAULT_WAREHOUSE, prefect_defaults

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # These commands own their options (argparse cannot hand a subcommand's "--flags" through).
    if argv and argv[0] in _PASSTHROUGH:
        return _PASSTHROUGH[argv[0]](argv[1:])
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
    run.add_argument("--workers", type=int, default=0, help="transform processes (default 0: one per CPU)")
    run.add_argument(
        "--map", action="append", default=[], metavar="PART=FIELD", help="JSON field holding an article part, e.g. body=text (repeatable)"
    )
    run.add_argument("--max-document-mb", type=float, default=20, help="quarantine pages larger than this (default %(default)s)")
    run.add_argument(
        "--max-file-mb", type=float, default=256, help="quarantine JSON files/archive members larger than this, expanded (default %(default)s)"
    )
    run.add_argument(
        "--reprocess", action="append", default=None, metavar="PARTS",
        help="re-derive these parts for the articles already loaded, comma-separated (entities, keywords, search: "
        "the derivations of akhbar/derivations.py), e.g. after a new NER model; sources are not read",
    )
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
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

    # Listed for --help; their arguments are parsed by their own modules (see _PASSTHROUGH).
    sub.add_parser("bench", help="benchmark the pipeline on a corpus; last line is JSON (see `akhbar bench --help`)")
    sub.add_parser("train-ner", help="train the NER model (see `akhbar train-ner --help`)")
    sub.add_parser("ner-bench", help="NER tagging speed on one core; prints JSON (see `akhbar ner-bench --help`)")
    sub.add_parser("ner-cv", help="cross-validate the NER training recipe (see `akhbar ner-cv --help`)")
    _add_analyst_commands(sub)
    return parser


class _NoTracebackForUserErrors(logging.Filter):
    """Prefect logs every exception a flow or task raises with its traceback; for akhbar's own
    errors (a busy warehouse, a full disk) the message says everything, so the stack is dropped.
    Tracebacks of real bugs are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], AkhbarError):
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_user_errors() -> None:
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).addFilter(_NoTracebackForUserErrors())


def _cmd_run(args: argparse.Namespace) -> int:
    prefect_defaults()
    from akhbar.prefect_server import prefect_api

    # The temporary Prefect server (when no API is configured) starts first, so its start-up
    # overlaps the flow's imports.
    api = prefect_api()
    _quiet_user_errors()
    from akhbar.flows.pipeline import akhbar_pipeline

    api.wait_until_ready()
    state = akhbar_pipeline(
        sources=args.sources or [DEFAULT_SOURCE],
        warehouse=args.warehouse,
        lake=args.lake,
        full_refresh=args.full_refresh,
        batch_size=args.batch_size,
        wait_s=args.wait,
        workers=args.workers,
        field_mapping=_field_mapping(args.map),
        max_document_mb=args.max_document_mb,
        max_file_mb=args.max_file_mb,
        reprocess=args.reprocess,
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
    print(json.dumps(result, default=str, ensure_ascii=False) if args.json else format_summary(result))
    return EXIT_OK


def _field_mapping(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        part, sep, name = pair.partition("=")
        if not sep or not part or not name:
            raise AkhbarError(f"--map takes PART=FIELD (e.g. body=text), not {pair!r}")
        mapping[part.strip()] = name.strip()
    return mapping or None


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
    _quiet_user_errors()
    from akhbar.flows.pipeline import akhbar_pipeline

    akhbar_pipeline.serve(
        # Not prefect.yaml's "akhbar-hourly": serving upserts a deployment of that name, so it would
        # take over the worker deployment (drop its work pool and pull step) and pause it on exit.
        name="akhbar-serve",
        cron=args.cron,
        parameters={"sources": args.sources or [DEFAULT_SOURCE], "warehouse": args.warehouse, "lake": args.lake},
    )
    return EXIT_OK


def _cmd_ner_eval(args: argparse.Namespace) -> int:
    from akhbar.ner.evaluate import main as ner_eval_main

    return ner_eval_main([args.file]) or EXIT_OK


def _bench(argv: list[str]) -> int:
    prefect_defaults()
    from akhbar.bench import main as bench_main

    return bench_main(argv)


def _train_ner(argv: list[str]) -> int:
    from akhbar.ner.train import main as train_main

    return train_main(argv) or EXIT_OK


def _ner_bench(argv: list[str]) -> int:
    from akhbar.ner.benchmark import main as ner_bench_main

    return ner_bench_main(argv) or EXIT_OK


def _ner_cv(argv: list[str]) -> int:
    from akhbar.ner.crossval import main as ner_cv_main

    return ner_cv_main(argv)


_PASSTHROUGH = {"bench": _bench, "train-ner": _train_ner, "ner-bench": _ner_bench, "ner-cv": _ner_cv}


# --- the analyst's side: search, docs, report ------------------------------------------------


def _add_analyst_commands(sub) -> None:
    search = sub.add_parser("search", help="full-text search of articles (Arabic stemming, BM25 ranking)")
    search.add_argument("query", help="words to find; spelling variants (hamza, diacritics, ta marbuta) match")
    search.add_argument("--limit", type=int, default=10, help="articles to show (default %(default)s)")
    search.add_argument("--since", type=_iso_date, default=None, metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)")
    search.add_argument("--entity", default=None, metavar="NAME", help="only articles mentioning this entity (whole words of its name)")
    search.add_argument("--any", action="store_true", help="match articles with any of the words (default: all of them)")
    search.add_argument("--format", choices=("table", "json"), default="table")
    search.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    search.set_defaults(handler=_cmd_search)

    docs = sub.add_parser("docs", help="regenerate the data dictionary (warehouse/README.md) from the schema")
    docs.add_argument("--out", default=None, metavar="FILE", help="where to write (default: warehouse/README.md of the checkout)")
    docs.add_argument("--check", action="store_true", help="write nothing; fail if the file differs from what would be generated")
    docs.set_defaults(handler=_cmd_docs)

    report = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    report.add_argument("--out", default="report.html", metavar="FILE", help="HTML file to write (default %(default)s)")
    report.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    report.set_defaults(handler=_cmd_report)


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_search(args: argparse.Namespace) -> int:
    from pathlib import Path

    from akhbar.warehouse.search import connect_search, format_hits, search

    with connect_search(Path(args.warehouse)) as con:
        hits = search(con, args.query, limit=args.limit, since=args.since, entity=args.entity, match_all=not args.any)
    print(format_hits(hits, args.format, color=sys.stdout.isatty()))
    return EXIT_OK


def _cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from akhbar.dictionary import default_path, render_dictionary

    path = Path(args.out) if args.out else default_path()
    text = render_dictionary()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"akhbar: {path} is out of date: run `akhbar docs`", file=sys.stderr)
            return EXIT_FAILED
        print(f"{path} is up to date")
        return EXIT_OK
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from akhbar.report import write_report

    out = write_report(Path(args.warehouse), Path(args.out))
    print(f"wrote {out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
