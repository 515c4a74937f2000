"""Where the lake lives: a local folder or an S3-compatible object store, and how to reach it.

``LakeStorage`` is the lake as a resource: built once from the run configuration (its URI), small,
frozen and picklable, so Prefect tasks and transform workers receive it instead of each deciding
how to open a lake from a string. It holds no credential: they are read from the standard AWS
environment variables by the process that opens the lake, so no secret ever lands in a Prefect
task's parameters, logs or pickles.

One place turns that environment into both clients that touch the lake:

* ``LakeStorage.filesystem()``: the ``pyarrow.fs`` filesystem the workers and the publish write
  through;
* ``LakeStorage.duckdb_secret()``: the options of the DuckDB ``CREATE SECRET`` that lets DuckDB's
  ``httpfs`` read the same files (used by akhbar/warehouse/extensions.py).

Environment: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN`` (optional),
``AWS_REGION`` or ``AWS_DEFAULT_REGION``, and ``AWS_ENDPOINT_URL`` (``AWS_ENDPOINT_URL_S3`` wins)
for a store that is not AWS (MinIO, Ceph, a test server): its scheme decides TLS, and such
endpoints are addressed path-style (``http://host:port/bucket/key``), which they all accept.

Pure: no Prefect, no DuckDB.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from akhbar.errors import WarehouseError

OBJECT_STORE_SCHEMES = frozenset({"s3"})
# AWS's own default, so a lake on AWS works without any region variable.
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class S3Settings:
    """How to reach an S3-compatible store, read from the environment (secrets included)."""

    access_key: str | None
    secret_key: str | None
    session_token: str | None
    region: str
    # host[:port] of a non-AWS endpoint (None: AWS), and whether it speaks TLS.
    endpoint: str | None
    use_ssl: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> S3Settings:
        env = os.environ if env is None else env
        endpoint_url = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
        endpoint, use_ssl = None, True
        if endpoint_url:
            parts = urlsplit(endpoint_url if "://" in endpoint_url else f"https://{endpoint_url}")
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise WarehouseError(f"AWS_ENDPOINT_URL must look like http://host:port, not {endpoint_url!r}")
            endpoint, use_ssl = parts.netloc, parts.scheme == "https"
        return cls(
            access_key=env.get("AWS_ACCESS_KEY_ID") or None,
            secret_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            session_token=env.get("AWS_SESSION_TOKEN") or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
            endpoint=endpoint,
            use_ssl=use_ssl,
        )

    def __repr__(self) -> str:
        # Never print a secret (a traceback or a log line may show this object).
        return f"S3Settings(region={self.region!r}, endpoint={self.endpoint!r}, use_ssl={self.use_ssl})"


@dataclass(frozen=True)
class LakeStorage:
    """The lake's location: an absolute local folder or an object-store URI (``s3://bucket/prefix``)."""

    uri: str

    @classmethod
    def at(cls, root: str | Path) -> LakeStorage:
        """The storage of a lake root as a user gives it (a relative folder becomes absolute)."""
        root = str(root)
        if "://" not in root:
            return cls(str(Path(root).expanduser().resolve()))
        scheme = root.split("://", 1)[0].lower()
        if scheme == "file":
            return cls(str(Path(urlsplit(root).path).resolve()))
        if scheme not in OBJECT_STORE_SCHEMES:
            raise WarehouseError(
                f"cannot use the lake at {root}: akhbar reads and writes local folders and "
                f"{', '.join(s + '://' for s in sorted(OBJECT_STORE_SCHEMES))} object stores"
            )
        bucket = urlsplit(root).netloc
        if not bucket:
            raise WarehouseError(f"cannot use the lake at {root}: give a bucket, e.g. s3://bucket/prefix")
        return cls(root.rstrip("/"))

    @property
    def is_local(self) -> bool:
        return "://" not in self.uri

    @property
    def scheme(self) -> str:
        return "file" if self.is_local else self.uri.split("://", 1)[0].lower()

    def filesystem(self):
        """``(pyarrow filesystem, base path inside it)`` for this lake, from the environment."""
        import pyarrow as pa
        import pyarrow.fs as pafs

        if self.is_local:
            return pafs.LocalFileSystem(), self.uri
        settings = S3Settings.from_env()
        parts = urlsplit(self.uri)
        try:
            fs = pafs.S3FileSystem(
                access_key=settings.access_key,
                secret_key=settings.secret_key,
                session_token=settings.session_token,
                anonymous=settings.access_key is None,
                region=settings.region,
                endpoint_override=settings.endpoint,
                scheme="https" if settings.use_ssl else "http",
            )
        except (pa.ArrowInvalid, OSError) as exc:
            raise WarehouseError(f"cannot use the lake at {self.uri}: {exc}") from None
        return fs, f"{parts.netloc}{parts.path}".rstrip("/")

    def duckdb_secret(self) -> dict[str, str | bool] | None:
        """Options of the DuckDB secret that reads this lake with ``httpfs`` (None: a local lake).

        Scoped to the lake's bucket, so it is the one DuckDB picks for these files only."""
        if self.is_local:
            return None
        settings = S3Settings.from_env()
        options: dict[str, str | bool] = {"TYPE": "s3", "REGION": settings.region, "SCOPE": f"s3://{urlsplit(self.uri).netloc}"}
        if settings.access_key:
            options["KEY_ID"] = settings.access_key
            options["SECRET"] = settings.secret_key or ""
        if settings.session_token:
            options["SESSION_TOKEN"] = settings.session_token
        if settings.endpoint:
            options["ENDPOINT"] = settings.endpoint
            options["URL_STYLE"] = "path"
        options["USE_SSL"] = settings.use_ssl
        return options

    def join(self, *parts: str) -> str:
        """A URI (or local path) inside the lake, as DuckDB and users name it."""
        return "/".join([self.uri.rstrip("/"), *parts])


# The DuckLake catalog readers open (akhbar.warehouse.catalog): a SQLite file by default, at this
# place in the lake; ``AKHBAR_CATALOG`` or ``--catalog`` name another file or a PostgreSQL database.
CATALOG_FOLDER = "_catalog"
CATALOG_FILE = "ducklake.sqlite"
CATALOG_ENV = "AKHBAR_CATALOG"
POSTGRES_PREFIXES = ("postgres:", "postgresql://", "postgres://")


def is_postgres_catalog(catalog: str) -> bool:
    """Whether a catalog names a PostgreSQL database (``postgres:dbname=... host=...`` or a URI)."""
    return catalog.startswith(POSTGRES_PREFIXES)


def default_catalog(storage: LakeStorage, warehouse: str) -> str:
    """The catalog a run writes when none is given: for a local lake, ``_catalog/ducklake.sqlite``
    inside it (so the lake folder is self-contained); for an object store, where SQLite cannot
    write, a working file beside the warehouse, which each run copies to that same place in the
    lake for readers (akhbar.warehouse.catalog.publish_catalog_copy)."""
    if storage.is_local:
        return str(Path(storage.uri) / CATALOG_FOLDER / CATALOG_FILE)
    return str(Path(warehouse).resolve().parent / f"{Path(warehouse).stem}.{CATALOG_FILE}")


def run_catalog(option: str | None, storage: LakeStorage, warehouse: str) -> str:
    """The catalog of a run: the option, else ``AKHBAR_CATALOG``, else the default."""
    chosen = option or os.environ.get(CATALOG_ENV)
    if not chosen:
        return default_catalog(storage, warehouse)
    return chosen if is_postgres_catalog(chosen) else str(Path(chosen).expanduser().resolve())
