"""Shared fixtures: the repository, the `whosaid` binary the Python records are compared with,
and one loaded pipeline (loading the models once for the whole session)."""

import os
import subprocess
from pathlib import Path

import pytest

import whosaid

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> Path:
    """The release binary (`cargo build --release`; python/test.sh builds it first)."""
    path = Path(os.environ.get("WHOSAID_BIN", ROOT / "target" / "release" / "whosaid"))
    if not path.exists():
        pytest.fail(f"{path} is missing: run `cargo build --release` at the repository root")
    return path


@pytest.fixture(scope="session")
def nlp() -> whosaid.Pipeline:
    return whosaid.Pipeline(threads=2)


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(cli), *args], capture_output=True, text=True, check=False, timeout=600
    )
