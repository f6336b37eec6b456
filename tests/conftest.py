"""Shared fixtures. Tests run the real thing: real files, real LibreOffice, real servers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.guideline import Guideline, load_guideline
from assistant.paths import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def guideline() -> Guideline:
    return load_guideline()


def changed_guideline(guideline: Guideline, **sections: object) -> Guideline:
    """A copy of the guideline with whole sections replaced (validated like a YAML file)."""
    data = guideline.model_dump(mode="json")
    data.update(sections)
    return Guideline.model_validate(data)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return PROJECT_ROOT


_EMPTY_DATA_DIR = tempfile.mkdtemp(prefix="flyer-cli-data-")


def run_cli(*args: str | os.PathLike[str], timeout: float = 300, cwd: Path | None = None,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m assistant ...` in a subprocess, as a user would run `flyer`.

    The web app's data directory is an empty one unless the test gives FLYER_DATA_DIR, so a
    guideline published on the developer's machine never changes a test's result."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "FLYER_DATA_DIR": _EMPTY_DATA_DIR}
    env.update(env_extra or {})
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
