"""Shared test fixtures: paths to the repo's seeds and, where present, the shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_PAGE = SEEDS / "000_9090311ae2bed687.txt"
SHARED = Path(os.environ.get("AKHBAR_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"

from akhbar.config import prefect_defaults  # noqa: E402 - the environment first, before Prefect is imported

prefect_defaults()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PAGE.read_bytes()


def needs_corpus(*parts: str) -> Path:
    """The path of a shared corpus, or skip the test with the reason when it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared corpus {path} (not present in this checkout)")
    return path


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 API on 127.0.0.1: moto's server in its own process, on a free port, for the
    session. Skips with the reason when moto is not installed (it is a test dependency)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    server = Path(sys.executable).with_name("moto_server")
    if not server.exists():
        pytest.skip("needs moto[server] (pip install -e '.[test]') for an S3 API on 127.0.0.1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the S3 server did not start on {endpoint}")
                time.sleep(0.2)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def s3_lake(s3_endpoint, monkeypatch, request):
    """An empty bucket on the session's S3 server, the AWS variables pointing at it (as a user
    sets them), and the lake URI ``s3://<bucket>/lake``."""
    import re
    import uuid

    import boto3

    env = {
        "AWS_ACCESS_KEY_ID": "akhbar-test",
        "AWS_SECRET_ACCESS_KEY": "akhbar-test-secret",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": s3_endpoint,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    bucket = re.sub(r"[^a-z0-9-]", "-", request.node.name.lower())[:40].strip("-") + "-" + uuid.uuid4().hex[:8]
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return f"s3://{bucket}/lake"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``full_corpus`` first: the whole-corpus build is the suite's longest test, and
    started first it runs beside the other files (``make test`` runs two test processes, a file
    each at a time) instead of after them."""
    items.sort(key=lambda item: item.get_closest_marker("full_corpus") is None)
