"""Shared fixtures. Tests run the real thing: real files, real LibreOffice, real servers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.guideline import Guideline, load_guideline
from assistant.paths import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def guideline() -> Guideline:
    return load_guideline()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return PROJECT_ROOT


def run_cli(*args: str | os.PathLike[str], timeout: float = 300, cwd: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run `python -m assistant ...` in a subprocess, as a user would run `flyer`."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "FLYER_MODEL"):
        env.pop(var, None)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd or PROJECT_ROOT,
    )


def has_libreoffice() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def corpus_files() -> list[Path]:
    return sorted((CORPUS / "python-pptx").glob("*.pptx")) if CORPUS.is_dir() else []
