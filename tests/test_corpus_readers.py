"""Every reader of .pptx files (not only the linter) opens each real file of the shared corpus
without a crash: `--fix` writes a copy that still reads, and the template check reports
findings or a clear read error."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guideline import Guideline
from assistant.lint.api import lint_file
from assistant.lint.fix import FixError, fix_file
from assistant.lint.package import DeckReadError
from assistant.pptx.template_check import TemplateReadError, check_template
from tests.conftest import corpus_files

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="shared corpus not present")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fix_writes_a_readable_copy(path: Path, guideline: Guideline, tmp_path: Path) -> None:
    before = path.read_bytes()
    out = tmp_path / "fixed.pptx"
    try:
        result = fix_file(path, guideline, out)
    except (FixError, DeckReadError) as exc:
        assert str(exc)  # a clear message, never a crash
        return
    assert Path(result.out_path) == out
    report = lint_file(out, guideline)
    assert report.error is None, report.error
    assert report.rule_errors == []
    assert path.read_bytes() == before


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_template_check_reads_or_says_why(path: Path, guideline: Guideline) -> None:
    try:
        findings = check_template(path, guideline)
    except TemplateReadError as exc:
        assert str(exc)
        return
    assert findings, "a python-pptx test file is not the official template"
