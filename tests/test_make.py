"""`flyer make` end to end: exit codes, numbered variants, clear messages for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lint.api import lint_file
from assistant.paths import PROJECT_ROOT
from tests.conftest import has_libreoffice, run_cli

BAD_EVENTS = sorted((PROJECT_ROOT / "tests" / "data" / "bad_events").glob("*.json"))


def test_make_offline_writes_lint_clean_variants(tmp_path: Path, guideline) -> None:
    out = tmp_path / "flyer.pptx"
    result = run_cli("make", "--event", "examples/event.json", "--out", out, "--offline",
                     "--variants", "2")
    assert result.returncode == 0, result.stderr
    assert "オフライン" in result.stderr and "--offline" in result.stderr
    files = [tmp_path / "flyer-1.pptx", tmp_path / "flyer-2.pptx"]
    for file in files:
        assert file.is_file()
        report = lint_file(file, guideline)
        assert not [f for f in report.findings if f.severity == "error"]
    assert not out.exists()


@pytest.mark.parametrize("path", BAD_EVENTS, ids=lambda p: p.stem)
def test_bad_events_exit_2_with_a_message(tmp_path: Path, path: Path) -> None:
    result = run_cli("make", "--event", path, "--out", tmp_path / "x.pptx", "--offline")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "イベント情報" in result.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_missing_event_file_and_bad_variants(tmp_path: Path) -> None:
    missing = run_cli("make", "--event", tmp_path / "nope.json", "--out", tmp_path / "x.pptx")
    assert missing.returncode == 2 and "見つかりません" in missing.stderr
    many = run_cli("make", "--event", "examples/event.json", "--out", tmp_path / "x.pptx",
                   "--variants", "99")
    assert many.returncode == 2 and "--variants" in many.stderr
    assert "Traceback" not in many.stderr + missing.stderr


def test_text_that_cannot_fit_exits_2(tmp_path: Path) -> None:
    event = tmp_path / "long-url.json"
    event.write_text(
        '{"title": "テスト", "date": "2026-05-01", "start_time": "10:00", "venue": "北上市",'
        ' "organizer": "北上市", "contact": {"department": "北上市", "phone": "0197-64-2111"},'
        f' "url": "https://example.jp/{"a" * 200}"}}', encoding="utf-8")
    result = run_cli("make", "--event", event, "--out", tmp_path / "x.pptx", "--offline")
    assert result.returncode == 2
    assert "URL" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.render
@pytest.mark.skipif(not has_libreoffice(), reason="needs LibreOffice")
def test_make_with_pdf_and_png(tmp_path: Path) -> None:
    out, pdf, png = tmp_path / "f.pptx", tmp_path / "f.pdf", tmp_path / "f.png"
    result = run_cli("make", "--event", "examples/event.json", "--out", out, "--pdf", pdf,
                     "--png", png, "--offline")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert png.read_bytes().startswith(b"\x89PNG")
