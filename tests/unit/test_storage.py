"""Where the lake lives and how its two clients are configured from the AWS environment."""

from __future__ import annotations

import pickle

import pytest

from akhbar.errors import WarehouseError
from akhbar.storage import LakeStorage, S3Settings, default_catalog, run_catalog

MINIO = {
    "AWS_ACCESS_KEY_ID": "akhbar",
    "AWS_SECRET_ACCESS_KEY": "s3cr3t'x",
    "AWS_DEFAULT_REGION": "eu-west-3",
    "AWS_ENDPOINT_URL": "http://minio.local:9000",
}


def test_settings_come_from_the_standard_variables():
    settings = S3Settings.from_env(MINIO)
    assert (settings.access_key, settings.region, settings.endpoint, settings.use_ssl) == ("akhbar", "eu-west-3", "minio.local:9000", False)
    assert "s3cr3t" not in repr(settings)
    assert S3Settings.from_env({**MINIO, "AWS_REGION": "me-south-1"}).region == "me-south-1"
    aws = S3Settings.from_env({})
    assert (aws.endpoint, aws.use_ssl, aws.region, aws.access_key) == (None, True, "us-east-1", None)


def test_a_malformed_endpoint_is_a_clear_error():
    with pytest.raises(WarehouseError, match="AWS_ENDPOINT_URL"):
        S3Settings.from_env({"AWS_ENDPOINT_URL": "ftp://minio"})


def test_the_duckdb_secret_matches_the_pyarrow_settings(monkeypatch):
    for name, value in MINIO.items():
        monkeypatch.setenv(name, value)
    options = LakeStorage.at("s3://news/akhbar/").duckdb_secret()
    assert options == {
        "TYPE": "s3", "REGION": "eu-west-3", "SCOPE": "s3://news", "KEY_ID": "akhbar", "SECRET": "s3cr3t'x",
        "ENDPOINT": "minio.local:9000", "URL_STYLE": "path", "USE_SSL": False,
    }  # fmt: skip
    fs, base = LakeStorage.at("s3://news/akhbar/").filesystem()
    assert (fs.type_name, base) == ("s3", "news/akhbar")
    assert LakeStorage.at("/tmp/lake").duckdb_secret() is None


def test_lake_locations(tmp_path):
    assert LakeStorage.at(tmp_path / "x" / ".." / "lake").uri == str(tmp_path / "lake")
    assert LakeStorage.at("s3://news/akhbar/").uri == "s3://news/akhbar"
    assert not LakeStorage.at("s3://news/akhbar").is_local
    for bad in ("gs://news/lake", "s3:///lake"):
        with pytest.raises(WarehouseError):
            LakeStorage.at(bad)
    # A resource tasks and workers receive: small and picklable, no credential inside.
    storage = LakeStorage.at("s3://news/akhbar")
    assert pickle.loads(pickle.dumps(storage)) == storage


def test_catalog_choice(tmp_path, monkeypatch):
    monkeypatch.delenv("AKHBAR_CATALOG", raising=False)
    warehouse = str(tmp_path / "wh" / "akhbar.duckdb")
    local = LakeStorage.at(tmp_path / "lake")
    assert run_catalog(None, local, warehouse) == str(tmp_path / "lake" / "_catalog" / "ducklake.sqlite")
    assert default_catalog(LakeStorage.at("s3://news/a"), warehouse) == str(tmp_path / "wh" / "akhbar.ducklake.sqlite")
    monkeypatch.setenv("AKHBAR_CATALOG", "postgres:host=db dbname=lake")
    assert run_catalog(None, local, warehouse) == "postgres:host=db dbname=lake"
    assert run_catalog("cat.sqlite", local, warehouse).endswith("/cat.sqlite")
