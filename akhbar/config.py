"""One run's configuration, built once from CLI options, flow parameters and the environment.

Every default a user can change is stated here and nowhere else; ``RunConfig.build`` checks the
ranges, and ``RunConfig.check_environment`` checks the paths (sources readable, warehouse folder
writable, the writer lock free), so ``akhbar run`` rejects a mistake before Prefect starts. The
flow builds the same object from its parameters (a scheduled run has no CLI), so a deployment's
mistakes get the same messages.

Where things live by default (``akhbar_home``): ``$AKHBAR_HOME`` when set; otherwise the
checkout akhbar is installed from (``pip install -e``), so ``akhbar sql`` finds the warehouse
from any folder; otherwise the current folder. The warehouse is ``<home>/warehouse/akhbar.duckdb``
(``AKHBAR_WAREHOUSE`` overrides it), the lake ``lake/`` beside it, the default source
``<home>/seeds``.

Pure: no Prefect, no DuckDB.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.errors import AkhbarError

DEFAULT_BATCH_SIZE = 250
# Large enough to amortise Prefect's per-task cost, small enough to keep a batch's rows in memory.
MAX_BATCH_SIZE = 5000
DEFAULT_MAX_DOCUMENT_MB = 20.0
DEFAULT_MAX_FILE_MB = 256.0
# The lake sits next to the warehouse file unless told otherwise.
DEFAULT_LAKE_NAME = "lake"
WAREHOUSE_FILE = Path("warehouse") / "akhbar.duckdb"
SOURCE_FOLDER = "seeds"
# DuckDB's memory ceiling for the writer (see warehouse/db.py for why this figure).
DEFAULT_WRITER_MEMORY_LIMIT = "384MB"

# The Prefect environment every akhbar process needs: no telemetry (this machine has no internet)
# and a patient start-up of a temporary server on a loaded machine. Set where unset by the CLI,
# by the tests and by `make`, from this one mapping.
PREFECT_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}

# Limits of the analyst's read-only connections (`akhbar sql`, `search`, `report`): a query cannot
# take the machine's memory, every core or forever unless the user asks for more.
DEFAULT_READ_MEMORY_LIMIT = "1GB"
DEFAULT_READ_THREADS = 2
DEFAULT_READ_TIMEOUT_S = 120.0

# `--dask local`: a Dask cluster of this machine's own, started for the run and stopped with it.
DASK_LOCAL = "local"
# The schemes a Dask scheduler listens on (distributed's comm backends a user can name).
DASK_SCHEMES = ("tcp", "tls")
# How long `akhbar run` waits for a scheduler's port to answer before calling it unreachable.
DASK_CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ReadLimits:
    """Bounds of an analyst's read-only warehouse connection; the user raises them by option."""

    memory_limit: str = DEFAULT_READ_MEMORY_LIMIT
    threads: int = DEFAULT_READ_THREADS
    timeout_s: float = DEFAULT_READ_TIMEOUT_S

    def __post_init__(self) -> None:
        if self.threads < 1:
            raise ConfigError(f"--threads must be 1 or more, not {self.threads}")
        if self.timeout_s <= 0:
            raise ConfigError(f"--timeout must be a positive number of seconds, not {self.timeout_s:g}")


class ConfigError(AkhbarError):
    """A run option or the environment is wrong: a usage error, reported before anything starts."""


def akhbar_version() -> str:
    """akhbar's installed version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("akhbar")
    except PackageNotFoundError:
        return "unknown"


def prefect_defaults() -> None:
    """Set PREFECT_ENVIRONMENT where the user has not set those variables."""
    for name, value in PREFECT_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def akhbar_home() -> Path:
    """Where the default warehouse and sources live (see the module docstring)."""
    configured = os.environ.get("AKHBAR_HOME")
    if configured:
        return Path(configured).expanduser().resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "warehouse").is_dir():
        return checkout
    return Path.cwd()


def default_warehouse() -> str:
    """The warehouse file used when none is given."""
    configured = os.environ.get("AKHBAR_WAREHOUSE")
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    return str(akhbar_home() / WAREHOUSE_FILE)


def default_source() -> str:
    """The source read when none is given: the sample pages."""
    return str(akhbar_home() / SOURCE_FOLDER)


def default_lake(warehouse: str) -> str:
    """The lake folder that goes with a warehouse file."""
    return os.path.join(os.path.dirname(os.path.abspath(warehouse)), DEFAULT_LAKE_NAME)


def writer_memory_limit() -> str:
    """DuckDB's memory limit for the writer connection (``AKHBAR_DUCKDB_MEMORY_LIMIT``)."""
    return os.environ.get("AKHBAR_DUCKDB_MEMORY_LIMIT", DEFAULT_WRITER_MEMORY_LIMIT)


def absolute_source(source: str) -> str:
    """A source as an absolute path (or glob), so documents record where they really came from
    whatever folder the run started in; URIs are kept as they are."""
    if "://" in source:
        return source
    return os.path.abspath(os.path.expanduser(source))


@dataclass(frozen=True)
class RunConfig:
    """Everything one run needs to know, checked; tasks receive its small values."""

    sources: tuple[str, ...]
    warehouse: str
    lake: str
    full_refresh: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    wait_s: float = 0.0
    workers: int = 0
    field_mapping: dict[str, str] | None = field(default=None, hash=False)
    max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    reprocess: tuple[str, ...] = ()
    retry_quarantined: bool = False
    report: bool = True
    # Where the transform batches run: None, the process pool of akhbar.tasks.transform;
    # "local", a Dask LocalCluster for the run; else a Dask scheduler's address (tcp://HOST:PORT).
    dask_address: str | None = None

    @classmethod
    def build(
        cls,
        sources: list[str] | tuple[str, ...] | None = None,
        warehouse: str | None = None,
        lake: str | None = None,
        **options,
    ) -> RunConfig:
        """A checked configuration; ``None`` takes the default. Raises ConfigError on a bad range."""
        warehouse = os.path.abspath(os.path.expanduser(warehouse)) if warehouse else default_warehouse()
        if sources is not None and not sources:
            raise ConfigError("give at least one source (a folder, a glob or a file)")
        options["dask_address"] = dask_address(options.get("dask_address"))
        config = cls(
            sources=tuple(absolute_source(s) for s in (sources or [default_source()])),
            warehouse=warehouse,
            lake=lake if lake and "://" in lake else os.path.abspath(lake) if lake else default_lake(warehouse),
            **{k: v for k, v in options.items() if v is not None},
        )
        config.check_ranges()
        return config

    @property
    def worker_count(self) -> int:
        """Transform processes: ``workers``, or one per CPU when it is 0."""
        return self.workers or os.cpu_count() or 1

    def check_ranges(self) -> None:
        """Reject values no run can use, with the option's name."""
        if self.workers < 0:
            raise ConfigError(f"--workers must be 0 (one per CPU) or more, not {self.workers}")
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise ConfigError(f"--batch-size must be between 1 and {MAX_BATCH_SIZE}, not {self.batch_size}")
        if self.max_document_mb <= 0 or self.max_file_mb <= 0:
            raise ConfigError("--max-document-mb and --max-file-mb must be positive")
        if self.wait_s < 0:
            raise ConfigError(f"--wait must be 0 or more seconds, not {self.wait_s:g}")
        if self.field_mapping:
            from akhbar.records import FieldMapping

            try:
                FieldMapping.with_overrides(self.field_mapping)
            except ValueError as exc:
                raise ConfigError(f"--map: {exc}") from None
        if self.dask_address and self.dask_address != DASK_LOCAL:
            _scheduler_host_port(self.dask_address)

    def check_environment(self) -> None:
        """Check what a run needs from the file system: sources that exist and can be read, and a
        warehouse folder that can be written. Cheap (no file is read), so done before Prefect."""
        if not self.reprocess:
            for source in self.sources:
                _check_source(source)
        _check_writable_folder(Path(self.warehouse).parent)
        if self.dask_address and self.dask_address != DASK_LOCAL:
            check_scheduler_reachable(self.dask_address)

    @property
    def input_settings(self) -> str:
        """What decides how documents are read, as stored in ``runs.input_settings``: a document
        quarantined under other settings may load now, so it is read again."""
        return json.dumps({"akhbar": akhbar_version(), "field_mapping": self.field_mapping or {}}, sort_keys=True)

    def flow_parameters(self) -> dict:
        """The flow's parameters for this configuration (JSON values, as a deployment has them)."""
        return {
            "sources": list(self.sources),
            "warehouse": self.warehouse,
            "lake": self.lake,
            "full_refresh": self.full_refresh,
            "batch_size": self.batch_size,
            "wait_s": self.wait_s,
            "field_mapping": self.field_mapping,
            "workers": self.workers,
            "report": self.report,
            "max_document_mb": self.max_document_mb,
            "max_file_mb": self.max_file_mb,
            "reprocess": list(self.reprocess) or None,
            "retry_quarantined": self.retry_quarantined,
            "dask_address": self.dask_address,
        }


def _check_source(source: str) -> None:
    if "://" in source:
        return
    if glob.has_magic(source):
        # A glob that matches nothing today may match tomorrow (an inbox): its fixed prefix must exist.
        prefix = source[: min(source.find(c) for c in "*?[" if c in source)]
        root = Path(prefix if prefix.endswith(os.sep) else os.path.dirname(prefix) or ".")
        if not root.is_dir():
            raise ConfigError(f"source {source!r}: the folder {root} does not exist")
        return
    path = Path(source)
    if not path.exists():
        raise ConfigError(f"source {source!r} does not exist")
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        raise ConfigError(f"source {source!r} cannot be read (permission denied)")


def _check_writable_folder(folder: Path) -> None:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(f"the warehouse folder {folder} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"the warehouse folder {existing} is not writable")


def parse_field_mapping(pairs: list[str]) -> dict[str, str] | None:
    """``--map PART=FIELD`` options as a mapping (None when none is given)."""
    mapping = {}
    for pair in pairs:
        part, sep, name = pair.partition("=")
        if not sep or not part.strip() or not name.strip():
            raise ConfigError(f"--map takes PART=FIELD (e.g. body=text), not {pair!r}")
        mapping[part.strip()] = name.strip()
    return mapping or None


def dask_address(given: str | None) -> str | None:
    """The Dask scheduler to run on: the option or flow parameter, else ``AKHBAR_DASK_ADDRESS``,
    else None (the process pool). ``host:port`` is taken as ``tcp://host:port``."""
    address = (given or os.environ.get("AKHBAR_DASK_ADDRESS") or "").strip()
    if not address:
        return None
    if address.lower() == DASK_LOCAL:
        return DASK_LOCAL
    return address if "://" in address else f"tcp://{address}"


def _scheduler_host_port(address: str) -> tuple[str, int]:
    """``(host, port)`` of a scheduler address, or a ConfigError saying what the form is."""
    usage = f"--dask takes 'local' or a Dask scheduler address tcp://HOST:PORT, not {address!r}"
    scheme, _, rest = address.partition("://")
    host, sep, port = rest.rpartition(":")
    host = host.strip("[]")  # an IPv6 address is written [::1]:8786
    if scheme not in DASK_SCHEMES or not sep or not host or "/" in rest or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(usage)
    return host, int(port)


def check_scheduler_reachable(address: str, timeout_s: float = DASK_CONNECT_TIMEOUT_S) -> None:
    """Refuse a scheduler whose port does not answer: a run would otherwise wait in Prefect for
    a cluster that is not there. Only the TCP connection is tried (no Dask import here)."""
    import socket

    host, port = _scheduler_host_port(address)
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(
            f"no Dask scheduler answers at {address} ({reason}); start one with `dask scheduler`, "
            "or use --dask local"
        ) from None
