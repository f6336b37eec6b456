"""`flyer guideline check`: the shipped file is valid; each kind of mistake a PR staff member
can make gives exit 2 and a `file:line:column: message` that points at the right line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.guideline import DEFAULT_GUIDELINE, check_guideline
from assistant.guideline.io import dump_document, read_document
from tests.conftest import run_cli

SHIPPED = DEFAULT_GUIDELINE.read_text(encoding="utf-8")


def doctored(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, int]:
    """Write a copy of the shipped guideline with one change; return it and the changed line."""
    assert SHIPPED.count(old) >= 1, f"fixture text not found: {old!r}"
    text = SHIPPED.replace(old, new, count)
    line = SHIPPED[: SHIPPED.index(old)].count("\n") + 1
    path = tmp_path / "guideline.yaml"
    path.write_text(text, encoding="utf-8")
    return path, line


def problem_lines(path: Path) -> list[str]:
    return [str(p) for p in check_guideline(path)]


def test_shipped_guideline_is_valid() -> None:
    result = run_cli("guideline", "check", "brand_guidelines/kitakami.yaml")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_cli_reports_file_line_column_and_exit_2(tmp_path: Path) -> None:
    path, line = doctored(tmp_path, "  safe_mm: 10 ", "  safe_mmm: 10 ")
    result = run_cli("guideline", "check", path)
    assert result.returncode == 2
    assert re.search(rf"guideline\.yaml:{line}:\d+: unknown key 'safe_mmm'", result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("  safe_mm: 10 ", "  safe_mm: ten ", "safe_mm", id="wrong-type"),
        pytest.param('hex: "#3A56A5"', 'hex: "#3A56G5"', "not a colour", id="bad-colour"),
        pytest.param("body: {name_ja: 本文, min_pt: 12, max_pt: 16",
                     "body: {name_ja: 本文, min_pt: 20, max_pt: 16",
                     "above max_pt", id="min-above-max"),
        pytest.param("clear_space_ratio: 0.25", "clear_space_ratio: -0.1", "clear_space_ratio",
                     id="negative-clear-space"),
        pytest.param("file: assets/logos/kitacoming-mono.png",
                     "file: assets/logos/no-such-logo.png", "logo file not found",
                     id="missing-logo-file"),
        pytest.param("    band: leaf_green", "    band: lime_green",
                     "'lime_green' is not a palette id", id="unknown-palette-id"),
        pytest.param("logo_positions: [top_right, top_left]",
                     "logo_positions: [top_right, middle]", "unknown logo positions",
                     id="unknown-logo-position"),
        pytest.param("    band_text: white\n    title: ink\n    accent: leaf_green",
                     "    band_text: ajisai_purple\n    title: ink\n    accent: leaf_green",
                     "contrast", id="unreadable-scheme"),
        pytest.param("caption: {name_ja: 注記・QRの説明, min_pt: 9",
                     "caption: {name_ja: 注記・QRの説明, min_pt: 7",
                     "below the absolute minimum", id="role-below-absolute-minimum"),
        pytest.param("zone: [0.5, 0.0, 1.0, 0.25]", "zone: [1.0, 0.0, 0.5, 0.25]",
                     "zone is", id="inverted-zone"),
        pytest.param("  safe_mm: 10 ", "  safe_mm: 2 ", "at least trim_text_min_mm",
                     id="safe-below-trim"),
        pytest.param("  severity: error\n  width_mm: 210", "  severity: fatal\n  width_mm: 210",
                     "severity", id="unknown-severity"),
        pytest.param('hashtags: ["#やっぱり北上だよね", "#KitaComing"]',
                     'hashtags: ["やっぱり北上だよね", "#KitaComing"]', "start with #",
                     id="hashtag-without-hash"),
        pytest.param("  - id: ink\n", "  - id: white\n", "used twice", id="duplicate-palette-id"),
        pytest.param("  width_mm: 210        # A4 portrait\n", "", "missing key page.width_mm",
                     id="missing-key"),
        pytest.param("primary: BIZ UDPゴシック", "primary: MS ゴシック",
                     "not in the allowed list", id="primary-font-not-allowed"),
    ],
)
def test_each_mistake_is_reported_on_its_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path, line = doctored(tmp_path, old, new)
    problems = check_guideline(path)
    assert problems, "the doctored guideline must be rejected"
    assert any(expected in p.message for p in problems), problem_lines(path)
    # the problem points at the changed line or the block that holds it (never line 1 blindly)
    assert any(abs(p.line - line) <= 12 for p in problems), (line, problem_lines(path))
    assert all(p.message_ja for p in problems)


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path, line = doctored(tmp_path, "  bleed_mm: 3 ", "  bleed_mm: [3 ")
    problems = check_guideline(path)
    assert len(problems) == 1
    assert "YAML syntax error" in problems[0].message
    assert problems[0].line >= line


@pytest.mark.parametrize("content", ["", "- just\n- a list\n", "just text"])
def test_not_a_mapping(tmp_path: Path, content: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(content, encoding="utf-8")
    result = run_cli("guideline", "check", path)
    assert result.returncode == 2
    assert "mapping" in result.stderr


def test_missing_and_binary_files(tmp_path: Path) -> None:
    assert run_cli("guideline", "check", tmp_path / "nope.yaml").returncode == 2
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    result = run_cli("guideline", "check", binary)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_schema_is_printed_and_validates_the_shipped_file() -> None:
    import json

    import jsonschema
    from ruamel.yaml import YAML

    result = run_cli("guideline", "schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    data = YAML(typ="safe").load(SHIPPED)
    jsonschema.validate(data, schema)
    data["page"]["width_mm"] = "wide"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_round_trip_keeps_comments_and_order(tmp_path: Path) -> None:
    doc = read_document(SHIPPED)
    doc["margins"]["safe_mm"] = 12
    out = dump_document(doc)
    old_lines, new_lines = SHIPPED.splitlines(), out.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1, changed
    assert "safe_mm: 12" in changed[0][1]
    assert "# everything but full-bleed backgrounds" in changed[0][1]


def test_unchanged_round_trip_is_byte_identical() -> None:
    assert dump_document(read_document(SHIPPED)) == SHIPPED


def test_committed_schema_is_up_to_date() -> None:
    """brand_guidelines/*.yaml point editors at docs/guideline.schema.json; keep it current."""
    result = run_cli("guideline", "schema")
    committed = (DEFAULT_GUIDELINE.parent.parent / "docs" / "guideline.schema.json").read_text(
        encoding="utf-8")
    assert result.stdout == committed, (
        "run: .venv/bin/flyer guideline schema > docs/guideline.schema.json")
