"""Reporters and scoring: text lines, the JSON contract, SARIF 2.1.0 valid against the OASIS
schema (vendored in tests/data), and the documented score scheme."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assistant.guideline import Guideline
from assistant.lint.api import FileReport, lint_paths
from assistant.lint.report import render_json, render_text
from assistant.lint.rule import Finding
from assistant.lint.rules import REGISTRY
from assistant.lint.sarif import report_sarif
from assistant.lint.score import score
from tests.lint_package_builder import build_pptx, para, slide_xml, sp, txbody

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def reports(tmp_path: Path, guideline: Guideline) -> list[FileReport]:
    flyer = build_pptx(tmp_path / "チラシ.pptx", slide=slide_xml(
        sp(2, "Body", (0, 0, 3000000, 1000000), tx_body=txbody(para("小さい字", rpr='sz="600"')))))
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a zip")
    return lint_paths([flyer, broken], guideline, jobs=1)


def test_text_report_lines(reports: list[FileReport]) -> None:
    flyer, broken = reports
    assert flyer.findings and broken.error
    text = render_text(reports).splitlines()
    first = flyer.findings[0]
    slide = first.slide if first.slide is not None else "-"
    assert text[0] == f"{flyer.path}:{slide}:{first.shape or '-'}: {first.rule} {first.message}"
    assert f"{broken.path}:-:-: E902 読めません: .pptx（ZIP 形式）ではありません。" in text
    assert text[-1].startswith("2 ファイル: エラー ") and text[-1].endswith("読めないファイル 1 件")
    assert any(line.startswith(f"{flyer.path}: {flyer.score} 点 ") for line in text)


def test_json_report_has_exactly_the_documented_keys(reports: list[FileReport]) -> None:
    data = json.loads(render_json(reports))
    assert list(data) == ["files"]
    for file, report in zip(data["files"], reports, strict=True):
        assert list(file) == ["path", "score", "passed", "findings"]
        assert (file["path"], file["score"], file["passed"]) == (report.path, report.score, report.passed)
        for finding in file["findings"]:
            assert list(finding)[:6] == ["rule", "severity", "message", "slide", "shape", "bbox_mm"]
            assert finding["bbox_mm"] is None or len(finding["bbox_mm"]) == 4
    assert data["files"][1] == {"path": reports[1].path, "score": 0, "passed": False, "findings": [
        {**data["files"][1]["findings"][0], "rule": "E902", "severity": "error"}]}


def test_sarif_is_valid_sarif_2_1_0(reports: list[FileReport], guideline: Guideline) -> None:
    sarif = report_sarif(reports, REGISTRY.select(), guideline)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(REGISTRY.rules) | {"E902"}
    results = run["results"]
    assert len(results) == sum(len(r.findings) for r in reports)
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
    assert run["invocations"][0]["executionSuccessful"] is False  # the broken file
    assert "%E3%83%81" in run["artifacts"][0]["location"]["uri"]  # チラシ, percent-encoded


def test_sarif_schema_rejects_a_broken_log(reports: list[FileReport], guideline: Guideline) -> None:
    """The vendored schema really checks: a result without a message is invalid."""
    sarif = report_sarif(reports, REGISTRY.select(), guideline)
    del sarif["runs"][0]["results"][0]["message"]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator)


def test_score_scheme(guideline: Guideline) -> None:
    s = guideline.scoring

    def f(rule: str, severity: str) -> Finding:
        return Finding(rule=rule, severity=severity, message="m")  # type: ignore[arg-type]

    findings = [f("X001", "error"), f("X001", "error"), f("X001", "error"), f("X002", "warning"),
                f("X003", "info")]
    lost = s.error_points * (1 + s.repeat_decay + s.repeat_decay ** 2) + s.warning_points + s.info_points
    assert score(findings, s) == max(0, round(100 - lost))
    assert score([], s) == 100
    assert score([f(f"X{i:03}", "error") for i in range(50)], s) == 0
