"""Fixtures for the screener tests."""

import os
import sys
from pathlib import Path

import pytest

from moderation.screening.evaluation import load_cases

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent


@pytest.fixture(scope="session")
def dev_cases() -> list[dict]:
    return load_cases(HERE / "dev-cases.jsonl")


@pytest.fixture(scope="session")
def python_env() -> dict[str, str]:
    """Environment for running `python -m ...` from the repo root in a subprocess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable
