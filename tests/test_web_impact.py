"""The impact preview: which flyers a draft rule set would newly fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guideline import parse_guideline
from assistant.guideline.io import DEFAULT_GUIDELINE, dump_document, read_document
from assistant.lint.rules.logo import LogoTooSmall
from assistant.paths import PROJECT_ROOT
from assistant.web import services
from assistant.web.context import AppContext
from assistant.web.settings import WebSettings

pytestmark = pytest.mark.slow


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.setenv("FLYER_DATA_DIR", str(tmp_path / "data"))
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "FLYER_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return AppContext.create(WebSettings(data_dir=tmp_path / "data", impact_sample_limit=2))


def draft_with(path: tuple[str, ...], value: float) -> str:
    doc = read_document(DEFAULT_GUIDELINE.read_text(encoding="utf-8"))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return dump_document(doc)


def test_stricter_logo_rule_makes_samples_fail(ctx: AppContext) -> None:
    draft = parse_guideline(draft_with(("logo", "min_width_mm"), 80), "draft", PROJECT_ROOT)
    summary, rows = services.impact_preview(ctx, draft)
    assert len(rows) == 2
    assert all(r[1].startswith("合格") and r[2].startswith("不合格") for r in rows)
    assert all(LogoTooSmall.code in r[3] for r in rows)
    assert "**2枚**" in summary
    # the sample flyers are cached per published rule set
    assert len(list((ctx.settings.data_dir / "samples").rglob("*.pptx"))) >= 2


def test_unchanged_rules_change_nothing(ctx: AppContext) -> None:
    same = parse_guideline(DEFAULT_GUIDELINE.read_text(encoding="utf-8"), "draft", PROJECT_ROOT)
    summary, rows = services.impact_preview(ctx, same)
    assert rows and all(r[3] == "なし" for r in rows)
    assert "**0枚**" in summary
