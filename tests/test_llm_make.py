"""End to end: flyers drafted by the LLM drafter (fake server over HTTP) lint with zero errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI
from llm_helpers import EVENT_DATA, answer, fake_settings, good_variant, make_event
from pptx import Presentation

from assistant.draft.choose import choose_drafter
from assistant.guideline import Guideline
from assistant.lint.api import lint_file
from assistant.make import make_flyer
from assistant.paths import PROJECT_ROOT


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def slide_text(path: Path) -> str:
    slide = Presentation(str(path)).slides[0]
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_llm_drafted_flyers_lint_clean(server: FakeOpenAI, guideline: Guideline,
                                       tmp_path: Path) -> None:
    variants = [good_variant(), good_variant(layout="notice", scheme="river",
                                             catch="あじさいの道を、のんびり歩こう")]
    server.reply_content(answer(*variants))
    drafter = choose_drafter(fake_settings(server.base_url))
    result = make_flyer(make_event(), guideline, variants=2, out_dir=tmp_path,
                        drafter=drafter, render=False)
    assert result.drafter == "llm"
    assert len(server.completions) == 1
    for output, variant in zip(result.outputs, variants, strict=True):
        report = lint_file(output.pptx, guideline)
        errors = [f for f in report.findings if f.severity == "error"]
        assert errors == [], errors
        assert output.lint_errors == 0
        assert variant["catch"] in slide_text(output.pptx)


def run_flyer(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,
                          env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env})


def test_flyer_make_uses_the_llm_from_the_environment(server: FakeOpenAI,
                                                      tmp_path: Path) -> None:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(EVENT_DATA, ensure_ascii=False), encoding="utf-8")
    env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "cli-key",
           "FLYER_MODEL": "fake-model", "FLYER_OFFLINE": ""}
    server.reply_content(answer())
    made = run_flyer("make", "--event", event_file, "--out", tmp_path / "llm.pptx", env=env)
    assert made.returncode == 0, made.stderr
    assert "AI（LLM）" in made.stderr
    assert [r.headers["authorization"] for r in server.completions] == ["Bearer cli-key"]

    offline = run_flyer("make", "--event", event_file, "--out", tmp_path / "off.pptx",
                        "--offline", env=env)
    assert offline.returncode == 0, offline.stderr
    assert "--offline" in offline.stderr
    assert len(server.completions) == 1  # --offline never calls the server
