"""`flyer lint`, `flyer rules`, `flyer rule`: exit codes, selection, config, docs, --fix,
--annotate, parallel runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from assistant.guideline import Guideline
from assistant.lint.api import lint_file, lint_paths
from assistant.lint.docs import rules_markdown
from assistant.lint.rules import REGISTRY
from tests.conftest import has_libreoffice, run_cli
from tests.lint_package_builder import build_pptx, slide_xml, sp, txbody


@pytest.fixture
def flyer(tmp_path: Path) -> Path:
    """A small A4 file with a few problems (tiny off-palette text close to the edge)."""
    body = txbody('<a:p><a:r><a:rPr lang="ja-JP" sz="600"><a:solidFill><a:srgbClr val="00FF00"/>'
                  '</a:solidFill></a:rPr><a:t>小さい字</a:t></a:r></a:p>')
    return build_pptx(tmp_path / "flyer.pptx", slide=slide_xml(sp(2, "Body", (0, 0, 3000000, 1000000),
                                                                     tx_body=body)))


def json_codes(stdout: str) -> set[str]:
    return {f["rule"] for file in json.loads(stdout)["files"] for f in file["findings"]}


def test_exit_1_with_errors_and_0_when_the_selection_has_none(flyer: Path, guideline: Guideline) -> None:
    report = lint_file(flyer, guideline)
    error_codes = {f.rule for f in report.findings if f.severity == "error"}
    assert error_codes, "the fixture should have errors"
    result = run_cli("lint", flyer)
    assert result.returncode == 1 and "不合格" in result.stdout
    quiet = sorted(set(REGISTRY.rules) - {f.rule for f in report.findings})
    result = run_cli("lint", flyer, "--select", quiet[0])
    assert result.returncode == 0, result.stdout
    assert "100 点 合格" in result.stdout


def test_select_and_ignore_by_prefix(flyer: Path, guideline: Guideline) -> None:
    codes = {f.rule for f in lint_file(flyer, guideline).findings}
    family = sorted(codes)[0][0]
    result = run_cli("lint", flyer, "--format", "json", "--select", family.lower())
    assert json_codes(result.stdout) == {c for c in codes if c.startswith(family)}
    first = sorted(codes)[0]
    result = run_cli("lint", flyer, "--format", "json", "--ignore", f"{first}, ")
    assert json_codes(result.stdout) == codes - {first}


def test_unknown_rule_code_is_a_usage_error(flyer: Path) -> None:
    result = run_cli("lint", flyer, "--select", "Z999")
    assert result.returncode == 2 and "Z999" in result.stderr and "Traceback" not in result.stderr


def test_pyproject_config_select_and_ignore(flyer: Path, guideline: Guideline) -> None:
    codes = sorted({f.rule for f in lint_file(flyer, guideline).findings})
    (flyer.parent / "pyproject.toml").write_text(
        f'[tool.flyer.lint]\nignore = ["{codes[0]}"]\n', encoding="utf-8")
    result = run_cli("lint", flyer, "--format", "json", cwd=flyer.parent)
    assert json_codes(result.stdout) == set(codes) - {codes[0]}
    # --select replaces the configured select, the configured ignore still applies
    result = run_cli("lint", flyer, "--format", "json", "--select", ",".join(codes[:2]))
    assert json_codes(result.stdout) == set(codes[1:2])
    (flyer.parent / "pyproject.toml").write_text('[tool.flyer.lint]\nselect = "nonsense"\nfoo = 1\n',
                                                 encoding="utf-8")
    result = run_cli("lint", flyer)
    assert result.returncode == 2 and "[tool.flyer.lint]" in result.stderr


def test_rules_lists_every_rule_with_the_score_scheme() -> None:
    result = run_cli("rules")
    assert result.returncode == 0
    assert "スコア = 100" in result.stdout and "[tool.flyer.lint]" in result.stdout
    for code in REGISTRY.rules:
        assert f"\n{code}  " in result.stdout


def test_rule_shows_its_documentation(guideline: Guideline) -> None:
    code, rule = sorted(REGISTRY.rules.items())[0]
    result = run_cli("rule", code.lower())
    assert result.returncode == 0
    for text in (rule.summary, rule.what, rule.why, rule.how_to_fix, rule.clause_id(guideline)):
        assert text and text in result.stdout
    missing = run_cli("rule", "Q123")
    assert missing.returncode == 2 and "Q123" in missing.stderr


def test_docs_rules_md_is_up_to_date(repo_root: Path, guideline: Guideline) -> None:
    committed = (repo_root / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(guideline), "run: python -m assistant.lint.docs"


def test_parallel_and_serial_runs_agree(flyer: Path, tmp_path: Path, guideline: Guideline) -> None:
    other = build_pptx(tmp_path / "other.pptx")
    serial = lint_paths([tmp_path], guideline, jobs=1)
    parallel = lint_paths([tmp_path], guideline, jobs=2)
    assert [r.path for r in serial] == [str(flyer), str(other)]
    assert [r.model_dump() for r in serial] == [r.model_dump() for r in parallel]


def test_fix_writes_a_fixed_copy_and_relints_it(flyer: Path) -> None:
    pytest.importorskip("assistant.lint.fix")
    before = flyer.read_bytes()
    result = run_cli("lint", flyer, "--fix", "--format", "json")
    fixed = flyer.with_name("flyer.fixed.pptx")
    assert fixed.is_file(), result.stderr
    assert flyer.read_bytes() == before
    assert json.loads(result.stdout)["files"][0]["path"] == str(fixed)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


@pytest.mark.render
@pytest.mark.skipif(not has_libreoffice(), reason="LibreOffice not installed")
def test_annotate_draws_numbered_boxes(flyer: Path, tmp_path: Path, guideline: Guideline) -> None:
    out = tmp_path / "annotated"
    result = run_cli("lint", flyer, "--annotate", out)
    assert result.returncode == 1, result.stderr
    png = out / "flyer.annotated.png"
    assert png.is_file(), result.stderr
    report = lint_file(flyer, guideline)
    boxed = [f for f in report.findings if f.bbox_mm]
    assert boxed
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width = rgb.width
        x, y, w, h = boxed[0].bbox_mm
        scale = width / 210
        # the box outline of the first finding is drawn in its severity colour
        edge = rgb.getpixel((int((x + w / 2) * scale), int(y * scale) + 1))
        assert edge != (255, 255, 255)
        assert rgb.height > width * 297 / 210  # the legend is below the page
