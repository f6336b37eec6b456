"""Every real PowerPoint file of the shared corpus is read without a crash: `flyer lint` exits
0 or 1 (findings are expected: none is a Kitakami flyer), never 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.guideline import Guideline
from assistant.lint import read_deck
from assistant.lint.api import lint_file
from tests.conftest import CORPUS, corpus_files, run_cli

FILES = corpus_files()
needs_corpus = pytest.mark.skipif(not FILES, reason="shared corpus not present")


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_is_read_and_linted(path: Path, guideline: Guideline) -> None:
    deck = read_deck(path, guideline.images.max_pixels)
    assert deck.slide_width > 0 and deck.slide_height > 0
    report = lint_file(path, guideline)
    assert report.error is None
    assert report.rule_errors == []
    assert 0 <= report.score <= 100


@needs_corpus
def test_flyer_lint_on_the_whole_corpus_never_exits_2() -> None:
    result = run_cli("lint", CORPUS / "python-pptx", "--format", "json", "--jobs", "2")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    files = json.loads(result.stdout)["files"]
    assert len(files) == len(FILES)
    assert not [f for f in files if any(x["rule"] == "E902" for x in f["findings"])]


@needs_corpus
def test_corpus_reads_groups_pictures_tables_and_charts(guideline: Guideline) -> None:
    kinds = set()
    for path in FILES:
        for slide in read_deck(path, guideline.images.max_pixels).slides:
            kinds.update(s.kind for s in slide.shapes)
    assert {"group", "picture", "table", "chart", "connector", "shape", "ole"} <= kinds


@needs_corpus
def test_geometry_and_text_agree_with_python_pptx(guideline: Guideline) -> None:
    """For top-level slide shapes python-pptx can tell position (with placeholder inheritance)
    and text; the reader must say the same."""
    from pptx import Presentation

    compared = 0
    for path in FILES:
        deck = read_deck(path, guideline.images.max_pixels)
        for theirs, mine in zip(Presentation(str(path)).slides, deck.slides, strict=True):
            own = [s for s in mine.shapes if s.source == "slide" and not s.group_names]
            assert [s.name for s in own] == [s.name for s in theirs.shapes], path.name
            for ours, pptx_shape in zip(own, theirs.shapes, strict=True):
                expected = tuple(v or 0 for v in (pptx_shape.left, pptx_shape.top,
                                                  pptx_shape.width, pptx_shape.height))
                assert (ours.box.x, ours.box.y, ours.box.w, ours.box.h) == expected, (path.name, ours.name)
                if pptx_shape.has_text_frame and ours.text is not None:
                    assert ours.text.text == pptx_shape.text_frame.text.replace("\x0b", "\n")
                compared += 1
    assert compared > 200
