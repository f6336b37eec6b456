"""The command line checks against the guideline PR staff published in the web app, like the
web app does; --guideline still wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guideline import DEFAULT_GUIDELINE
from assistant.guideline.publish import publish
from tests.conftest import run_cli


@pytest.fixture
def flyer(tmp_path: Path) -> Path:
    out = tmp_path / "flyer.pptx"
    result = run_cli("make", "--event", "examples/event.json", "--out", out, "--offline")
    assert result.returncode == 0, result.stderr
    return out


def test_published_guideline_is_used_by_lint(flyer: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("FLYER_DATA_DIR", str(data))
    stricter = DEFAULT_GUIDELINE.read_text(encoding="utf-8").replace(
        "  min_width_mm: 35\n", "  min_width_mm: 120\n")
    version = publish(stricter, author="test", note="logo must be huge")

    env = {"FLYER_DATA_DIR": str(data)}
    published = run_cli("lint", flyer, env_extra=env)
    assert published.returncode == 1
    assert "L007" in published.stdout
    assert version.label in published.stderr

    shipped = run_cli("lint", flyer, "--guideline", DEFAULT_GUIDELINE, env_extra=env)
    assert shipped.returncode == 0, shipped.stdout


def test_nothing_published_means_the_shipped_guideline(flyer: Path) -> None:
    result = run_cli("lint", flyer)
    assert result.returncode == 0, result.stdout
    assert "公開中" not in result.stderr
