"""The ``akhbar`` command line: run the flow, query the warehouse, serve the schedule."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from akhbar.blas import blas_environment
from akhbar.config import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_DOCUMENT_MB,
    DEFAULT_MAX_FILE_MB,
    DEFAULT_READ_MEMORY_LIMIT,
    DEFAULT_READ_THREADS,
    DEFAULT_READ_TIMEOUT_S,
    MAX_BATCH_SIZE,
    ConfigError,
    ReadLimits,
    RunConfig,
    akhbar_version,
    default_source,
    default_warehouse,
    parse_field_mapping,
    prefect_defaults,
)
from akhbar.errors import AkhbarError
from akhbar.storage import CATALOG_ENV
from akhbar.summary import RunSummary

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``akhbar`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Before anything imports numpy (akhbar.blas): the command's own tagging, and every process
    # it starts, use the kernels this CPU runs fastest.
    for name, value in blas_environment().items():
        os.environ.setdefault(name, value)
    # These commands own their options (argparse cannot hand a subcommand's "--flags" through).
    if argv and argv[0] in _PASSTHROUGH:
        return _PASSTHROUGH[argv[0]](argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as exc:
        print(f"akhbar {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AkhbarError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("akhbar: interrupted", file=sys.stderr)
        return 130


class _Help(argparse.RawDescriptionHelpFormatter):
    """Examples kept as written; an option's default shown unless its help already says it or it
    has none worth saying (a flag that is off, an empty list)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        unsaid = action.default is None or action.default is False or action.default == [] or action.default == argparse.SUPPRESS
        if "default" in text or unsaid or not action.option_strings:
            return text
        return f"{text} (default: %(default)s)"


def _command(sub, name: str, help: str, examples: str):
    return sub.add_parser(
        name, help=help, description=help[0].upper() + help[1:] + ".", epilog="examples:\n" + examples, formatter_class=_Help
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar",
        description="Arabic news ETL: raw pages -> Parquet lake -> DuckDB warehouse.",
        epilog=f"defaults: warehouse {default_warehouse()} (set AKHBAR_HOME or AKHBAR_WAREHOUSE to change it)\n"
        "each command has its own --help, e.g. `akhbar run --help`",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"akhbar {akhbar_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = _command(
        sub, "run", "run the pipeline once: read sources, load the warehouse and the lake",
        "  akhbar run\n  akhbar run --source ../shared/corpora/saudinewsnet --source 'inbox/**/*.txt'\n"
        "  akhbar run --source records.jsonl --map body=text --retry-quarantined",
    )  # fmt: skip
    run.add_argument("--source", action="append", dest="sources", metavar="PATH", help=f"folder, glob or file, repeatable (default: {default_source()})")
    run.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    run.add_argument("--lake", default=None, metavar="DIR", help="Parquet lake folder or s3://bucket/prefix (default: lake/ beside the warehouse)")
    run.add_argument("--catalog", default=None, metavar="CATALOG", help="DuckLake catalog the run keeps up to date: a SQLite file or postgres:DSN (default: $AKHBAR_CATALOG, else _catalog/ducklake.sqlite in a local lake, a file beside the warehouse for s3://)")
    run.add_argument("--full-refresh", action="store_true", help="rebuild every table from the raw documents")
    run.add_argument("--retry-quarantined", action="store_true", help="read quarantined documents again (done anyway when akhbar or --map changed)")
    run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help=f"documents per transform task, 1-{MAX_BATCH_SIZE}")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another run that holds the warehouse")
    run.add_argument("--workers", type=int, default=0, help="transform processes (0: one per CPU)")
    run.add_argument(
        "--dask", default=None, metavar="ADDRESS",
        help="run the transform on a Dask cluster: a scheduler's tcp://HOST:PORT, or 'local' for a cluster of "
        "--workers processes started for the run (default: $AKHBAR_DASK_ADDRESS, else the process pool)",
    )
    run.add_argument("--map", action="append", default=[], metavar="PART=FIELD", help="JSON field holding an article part, e.g. body=text (repeatable)")
    run.add_argument("--max-document-mb", type=float, default=DEFAULT_MAX_DOCUMENT_MB, help="quarantine pages larger than this")
    run.add_argument("--max-file-mb", type=float, default=DEFAULT_MAX_FILE_MB, help="quarantine JSON files/archive members larger than this, expanded")
    run.add_argument(
        "--reprocess", action="append", default=None, metavar="PARTS",
        help="re-derive these parts for the articles already loaded, comma-separated (entities, keywords, search, stories: "
        "the derivations of akhbar/derivations.py), e.g. after a new NER model; sources are not read",
    )
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run.set_defaults(handler=_cmd_run)

    sql = _command(
        sub, "sql", "run one read-only SQL query against the warehouse (the lake's tables as lake_<table>)",
        '  akhbar sql "SELECT title, published_date FROM articles ORDER BY published_date DESC LIMIT 5"\n'
        "  akhbar sql -f warehouse/queries/04_entity_timeline.sql --param entity='دميتري بيسكوف'\n"
        '  echo "SELECT count(*) FROM lake_articles" | akhbar sql -\n'
        '  akhbar sql --format csv --timeout 600 "SELECT * FROM entities"\n'
        '  akhbar sql --lake s3://news/lake "SELECT count(*) FROM articles"   # the DuckLake snapshot, no warehouse file',
    )  # fmt: skip
    sql.add_argument("query", nargs="?", default=None, help="the SQL text, or - to read it from standard input")
    sql.add_argument("-f", "--file", default=None, metavar="FILE", help="read the SQL from FILE (- for standard input)")
    sql.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind $NAME in the query (repeatable); a query file's header gives defaults and types")
    sql.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    sql.add_argument("--lake", default=None, metavar="URI", help="query the lake's DuckLake snapshot instead of the warehouse (a folder or s3://bucket/prefix)")
    sql.add_argument("--catalog", default=None, metavar="CATALOG", help="with --lake: the DuckLake catalog, a SQLite file or postgres:DSN (default: the lake's _catalog/ducklake.sqlite)")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    sql.add_argument("--max-width", type=int, default=60, help="truncate table cells to this many characters")
    _add_read_limits(sql)
    sql.set_defaults(handler=_cmd_sql)

    serve = _command(
        sub, "serve", "serve the flow on a schedule from this process (needs a running Prefect server)",
        "  .venv/bin/prefect server start &   # in another terminal\n"
        "  PREFECT_API_URL=http://127.0.0.1:4200/api akhbar serve --cron '0 * * * *' --source /data/inbox",
    )  # fmt: skip
    serve.add_argument("--cron", default="0 * * * *", help="schedule, a cron expression (UTC)")
    serve.add_argument("--source", action="append", dest="sources", metavar="PATH", help=f"folder, glob or file, repeatable (default: {default_source()})")
    serve.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    serve.add_argument("--lake", default=None, metavar="DIR", help="Parquet lake folder or s3://bucket/prefix (default: lake/ beside the warehouse)")
    serve.add_argument("--catalog", default=None, metavar="CATALOG", help="DuckLake catalog the run keeps up to date: a SQLite file or postgres:DSN (default: $AKHBAR_CATALOG, else _catalog/ducklake.sqlite in a local lake, a file beside the warehouse for s3://)")
    serve.set_defaults(handler=_cmd_serve)

    ner_eval = _command(
        sub, "ner-eval", "evaluate the shipped NER on a CoNLL file: the tagger alone and the pipeline the warehouse stores; prints JSON",
        "  akhbar ner-eval ../shared/corpora/anercorp/train.txt\n"
        "  akhbar ner-eval test.txt --tagger-only",
    )  # fmt: skip
    ner_eval.add_argument("file", help="CoNLL file: token and tag per line, blank line between sentences")
    ner_eval.add_argument("--tagger-only", action="store_true", help="score the tagger alone (skip the pipeline figures)")
    ner_eval.set_defaults(handler=_cmd_ner_eval)

    # Listed for --help; their arguments are parsed by their own modules (see _PASSTHROUGH).
    sub.add_parser("bench-formats", help="read+parse speed of JSON, HTML and WARC input, per core (see `akhbar bench-formats --help`)")
    sub.add_parser("bench", help="benchmark the pipeline on a corpus; last line is JSON (see `akhbar bench --help`)")
    sub.add_parser("train-ner", help="train the NER model (see `akhbar train-ner --help`)")
    sub.add_parser("ner-bench", help="NER tagging speed on one core; prints JSON (see `akhbar ner-bench --help`)")
    sub.add_parser("ner-cv", help="cross-validate the NER training recipe (see `akhbar ner-cv --help`)")
    _add_analyst_commands(sub)
    return parser


def _add_read_limits(command) -> None:
    """Bounds of the read-only connection; DuckDB's configuration is locked after they are set."""
    command.add_argument("--memory-limit", default=DEFAULT_READ_MEMORY_LIMIT, metavar="SIZE", help="DuckDB memory limit, e.g. 4GB")
    command.add_argument("--threads", type=int, default=DEFAULT_READ_THREADS, help="DuckDB threads")
    command.add_argument("--timeout", type=float, default=DEFAULT_READ_TIMEOUT_S, metavar="SECONDS", help="stop a query running longer than this")


def _read_limits(args: argparse.Namespace):
    from akhbar.warehouse.db import READ_LIMITS

    READ_LIMITS.set(ReadLimits(args.memory_limit, args.threads, args.timeout))


class _NoTracebackForUserErrors(logging.Filter):
    """Prefect logs every exception a flow or task raises with its traceback; for akhbar's own
    errors (a busy warehouse, a full disk) the message says everything, so the stack is dropped.
    Tracebacks of real bugs are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], AkhbarError):
            record.exc_info = None
            record.exc_text = None
        return True


class _NoRoutineTaskEnds(logging.Filter):
    """On the terminal, a task that completed says nothing (the run's summary says what it did);
    the Prefect UI still gets every line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "prefect.task_runs" and record.levelno == logging.INFO and record.getMessage() == "Finished in state Completed()")


def _quiet_user_errors() -> None:
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).addFilter(_NoTracebackForUserErrors())


def _quiet_console() -> None:
    """Called once Prefect has configured logging (its console handler sits on the root logger)."""
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.addFilter(_NoRoutineTaskEnds())


def _cmd_run(args: argparse.Namespace) -> int:
    # Everything that can be checked without Prefect is checked first, in well under a second.
    config = RunConfig.build(
        args.sources, args.warehouse, args.lake, args.catalog, full_refresh=args.full_refresh, batch_size=args.batch_size,
        wait_s=args.wait, workers=args.workers, field_mapping=parse_field_mapping(args.map),
        max_document_mb=args.max_document_mb, max_file_mb=args.max_file_mb, reprocess=tuple(args.reprocess or ()),
        retry_quarantined=args.retry_quarantined, dask_address=args.dask,
    )  # fmt: skip
    config.check_environment()
    _check_lock(config)
    prefect_defaults()
    from akhbar.interrupt import RunInterrupts, exit_code
    from akhbar.prefect_server import prefect_api

    # The temporary Prefect server (when no API is configured) starts first, so its start-up
    # overlaps the flow's imports.
    api = prefect_api()
    interrupts = RunInterrupts(on_stop=lambda: api.stop(grace_s=1.0, drain=False))
    interrupts.install()
    try:
        code = _run_flow(config, api, args.json)
    except BaseException:
        if not interrupts.interrupted:
            raise
        code = EXIT_FAILED
    return exit_code(interrupts.signum) if interrupts.interrupted else code


def _check_lock(config: RunConfig) -> None:
    """A run that would stop at once on the writer lock says so before Prefect starts (the flow
    still takes the lock itself: the check and the run are not atomic)."""
    from akhbar.warehouse.lock import lock_holder

    if config.wait_s:
        return
    holder = lock_holder(Path(config.warehouse))
    if holder is not None:
        raise ConfigError(
            f"another akhbar run{f' ({holder})' if holder else ''} is writing to {config.warehouse}; "
            "try again when it finishes, or pass --wait SECONDS"
        )


def _run_flow(config: RunConfig, api, as_json: bool) -> int:
    _quiet_user_errors()
    from akhbar.flows.pipeline import akhbar_pipeline

    _quiet_console()
    api.wait_until_ready()
    state = akhbar_pipeline(**config.flow_parameters(), return_state=True)
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        if isinstance(result, (AkhbarError, ValueError)):
            print(f"akhbar: run failed: {result}", file=sys.stderr)
            return EXIT_FAILED
        raise result
    if not state.is_completed():
        print(f"akhbar: run ended in state {state.type.value}: {state.message}", file=sys.stderr)
        return EXIT_FAILED
    summary = RunSummary.from_dict(result)
    print(json.dumps(result, default=str, ensure_ascii=False) if as_json else format_summary(summary))
    return EXIT_OK


def format_summary(summary: RunSummary) -> str:
    """A one-screen run summary: document counts, quarantine reasons, rows written per table."""
    return "\n".join(summary.lines())


def _cmd_sql(args: argparse.Namespace) -> int:
    from akhbar.output import render
    from akhbar.warehouse.query import run_query

    sql, params = _sql_and_params(args)
    _read_limits(args)
    if args.lake:
        from akhbar.warehouse.lake_reader import run_lake_query

        columns, rows = run_lake_query(args.lake, args.catalog or os.environ.get(CATALOG_ENV), sql, params)
    else:
        if args.catalog:
            raise ConfigError("--catalog goes with --lake (the DuckLake snapshot of a lake)")
        columns, rows = run_query(_warehouse(args), sql, params)
    print(render(columns, rows, args.format, max_width=args.max_width))
    return EXIT_OK


def _sql_and_params(args: argparse.Namespace) -> tuple[str, dict | None]:
    """The query's text (argument, file or standard input) and its bound parameters: a query
    file with the examples' header (warehouse/queries/) gives each parameter's type and default."""
    if (args.query is None) == (args.file is None):
        raise ConfigError("give the query as an argument, or -f FILE (use - for standard input)")
    source = args.file if args.file is not None else args.query
    if source == "-":
        sql = sys.stdin.read()
    elif args.file is not None:
        try:
            sql = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {args.file}: {exc.strerror}") from None
    else:
        sql = args.query
    given = dict(_name_value(pair) for pair in args.param)
    if "-- Question:" not in sql:
        return sql, given or None
    from akhbar.warehouse.examples import parse

    try:
        query = parse(Path(args.file or "query").stem, sql)
        typed = {p.name: p for p in query.params}
        unknown = set(given) - set(typed)
        if unknown:
            raise ConfigError(f"the query has no parameter {', '.join(sorted(unknown))}; it takes {', '.join(typed) or 'none'}")
        return sql, query.bind(**{name: _convert(typed[name], value) for name, value in given.items()})
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _name_value(pair: str) -> tuple[str, str]:
    name, sep, value = pair.partition("=")
    if not sep or not name.strip():
        raise ConfigError(f"--param takes NAME=VALUE, not {pair!r}")
    return name.strip().lstrip("$"), value


def _convert(param, value: str):
    from akhbar.warehouse.examples import _CONVERT

    if value == "NULL":
        return None
    try:
        return _CONVERT[param.type](value)
    except ValueError:
        raise ConfigError(f"--param {param.name}: {value!r} is not a {param.type}") from None


def _warehouse(args: argparse.Namespace) -> Path:
    return Path(args.warehouse).expanduser() if args.warehouse else Path(default_warehouse())


def _cmd_serve(args: argparse.Namespace) -> int:
    prefect_defaults()
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        # Prefect would serve against a temporary server that schedules nothing: no run would
        # ever happen. Serving needs a server that outlives this command.
        raise ConfigError(
            "serving a schedule needs a running Prefect server: start one with `.venv/bin/prefect server start` "
            "and set PREFECT_API_URL=http://127.0.0.1:4200/api (see README, Scheduled runs)"
        )
    config = RunConfig.build(args.sources, args.warehouse, args.lake, args.catalog)
    config.check_environment()
    _quiet_user_errors()
    from akhbar.flows.pipeline import akhbar_pipeline

    akhbar_pipeline.serve(
        # Not prefect.yaml's "akhbar-hourly": serving upserts a deployment of that name, so it would
        # take over the worker deployment (drop its work pool and pull step) and pause it on exit.
        name="akhbar-serve",
        cron=args.cron,
        parameters={"sources": list(config.sources), "warehouse": config.warehouse, "lake": config.lake, "catalog": config.catalog},
    )
    return EXIT_OK


def _cmd_ner_eval(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise ConfigError(f"no CoNLL file at {path}")
    if not os.access(path, os.R_OK):
        raise ConfigError(f"cannot read {path} (permission denied)")
    from akhbar.ner.evaluate import main as ner_eval_main

    try:
        return ner_eval_main([args.file, *(["--tagger-only"] if args.tagger_only else [])]) or EXIT_OK
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AkhbarError(f"cannot evaluate {path}: {exc}") from None


def _bench_formats(argv: list[str]) -> int:
    from akhbar.bench_formats import main as bench_formats_main

    return bench_formats_main(argv)


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


_PASSTHROUGH = {"bench-formats": _bench_formats, "bench": _bench, "train-ner": _train_ner, "ner-bench": _ner_bench, "ner-cv": _ner_cv}


# --- the analyst's side: search, docs, report ------------------------------------------------


def _add_analyst_commands(sub) -> None:
    search = _command(
        sub, "search", "full-text search of articles (Arabic stemming, BM25 ranking)",
        '  akhbar search "قره باغ" --limit 5\n  akhbar search "الرئيس" --since 2015-01-01 --entity "بوتين" --format json',
    )  # fmt: skip
    search.add_argument("query", help="words to find; spelling variants (hamza, diacritics, ta marbuta) match")
    search.add_argument("--limit", type=int, default=10, help="articles to show (default %(default)s)")
    search.add_argument("--since", type=_iso_date, default=None, metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)")
    search.add_argument("--entity", default=None, metavar="NAME", help="only articles mentioning this entity (whole words of its name)")
    search.add_argument("--any", action="store_true", help="match articles with any of the words (default: all of them)")
    search.add_argument("--story", action="store_true", help="one hit per story: copies and other articles of a story collapsed")
    search.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    search.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    _add_read_limits(search)
    search.set_defaults(handler=_cmd_search)

    export = sub.add_parser("export", help="write a read-only query's result to a Parquet, CSV or JSON Lines file")
    export.add_argument("query")
    export.add_argument("--out", required=True, metavar="FILE", help="output file; .parquet, .csv or .jsonl chooses the format")
    export.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    export.set_defaults(handler=_cmd_export)

    docs = _command(
        sub, "docs", "regenerate the data dictionary (warehouse/README.md) from the schema",
        "  akhbar docs\n  akhbar docs --check",
    )  # fmt: skip
    docs.add_argument("--out", default=None, metavar="FILE", help="where to write (default: warehouse/README.md of the checkout)")
    docs.add_argument("--check", action="store_true", help="write nothing; fail if the file differs from what would be generated")
    docs.set_defaults(handler=_cmd_docs)

    report = _command(
        sub, "report", "write a self-contained HTML report of the warehouse",
        "  akhbar report --out report.html",
    )  # fmt: skip
    report.add_argument("--out", default="report.html", metavar="FILE", help="HTML file to write (default %(default)s)")
    report.add_argument("--warehouse", default=None, metavar="FILE", help=f"DuckDB file (default: {default_warehouse()})")
    _add_read_limits(report)
    report.set_defaults(handler=_cmd_report)


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_search(args: argparse.Namespace) -> int:
    from akhbar.warehouse.db import statement_deadline
    from akhbar.warehouse.search import connect_search, format_hits, search

    _read_limits(args)
    with connect_search(_warehouse(args)) as con, statement_deadline(con):
        hits = search(con, args.query, limit=args.limit, since=args.since, entity=args.entity, match_all=not args.any, per_story=args.story)
    print(format_hits(hits, args.format, color=sys.stdout.isatty()))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from akhbar.warehouse.export import export_query

    out = Path(args.out)
    rows = export_query(_warehouse(args), args.query, out)
    print(f"wrote {rows} row{'s' if rows != 1 else ''} to {out}")
    return EXIT_OK


def _cmd_docs(args: argparse.Namespace) -> int:
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
    from akhbar.report import write_report

    _read_limits(args)
    out = write_report(_warehouse(args), Path(args.out))
    print(f"wrote {out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
