"""SARIF 2.1.0 reporter (OASIS standard; what code-scanning dashboards read).

Each lint rule is a reportingDescriptor (id = code, name, summary, what/why/how to fix,
guideline clause, default level = the severity in the guideline). Each finding is a result:
level error / warning / note, the .pptx as artifact, the slide and shape as a logical location
(`slide 1/Logo`), slide, shape, bbox_mm and clause in properties. A file that could not be read
is an E902 result plus a tool execution notification, and makes executionSuccessful false.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from assistant.guideline.model import Guideline
from assistant.lint.api import READ_ERROR_CODE, FileReport
from assistant.lint.rule import Finding, Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TOOL_NAME = "flyer lint"


def _tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kitacoming-flyer-assistant")
    except PackageNotFoundError:
        return "0.1.0"


def rule_descriptor(rule: type[Rule], guideline: Guideline) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": f"{rule.how_to_fix}\n（理由）{rule.why}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity(guideline)]},
        "properties": {"clause": rule.clause_id(guideline), "fixable": rule.fixable},
    }


READ_ERROR_DESCRIPTOR = {
    "id": READ_ERROR_CODE,
    "name": "unreadable-file",
    "shortDescription": {"text": "ファイルを読めません（.pptx ではない、壊れている、大きすぎるなど）"},
    "defaultConfiguration": {"level": "error"},
}


def artifact_uri(path: str) -> str:
    return quote(Path(path).as_posix(), safe="/:._-~")


def result(f: Finding, report: FileReport, artifact_index: int, rule_index: int) -> dict[str, object]:
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": {"uri": artifact_uri(report.path),
                                                  "index": artifact_index}},
    }
    if f.slide is not None:
        name = f.shape or f"slide {f.slide}"
        location["logicalLocations"] = [{
            "name": name,
            "fullyQualifiedName": f"slide {f.slide}/{f.shape}" if f.shape else f"slide {f.slide}",
            "kind": "element",
        }]
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        "properties": {
            "slide": f.slide, "shape": f.shape, "bbox_mm": list(f.bbox_mm) if f.bbox_mm else None,
            "clause": f.clause, "fixable": f.fixable,
        },
    }


def report_sarif(reports: Sequence[FileReport], rules: Sequence[type[Rule]],
                 guideline: Guideline) -> dict[str, object]:
    descriptors = [rule_descriptor(r, guideline) for r in rules]
    descriptors.append(READ_ERROR_DESCRIPTOR)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    artifacts, results, notifications = [], [], []
    for i, report in enumerate(reports):
        artifacts.append({
            "location": {"uri": artifact_uri(report.path)},
            "properties": {"score": report.score, "passed": report.passed},
        })
        for f in report.findings:
            if f.rule not in index:  # a rule outside the list (should not happen): describe it
                index[f.rule] = len(descriptors)
                descriptors.append({"id": f.rule})
            results.append(result(f, report, i, index[f.rule]))
        if report.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{report.path}: {report.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {
                    "uri": artifact_uri(report.path), "index": i}}}],
            })
    invocation = {"executionSuccessful": not notifications,
                  "toolExecutionNotifications": notifications}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": _tool_version(),
                "rules": descriptors,
            }},
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render_sarif(reports: Sequence[FileReport], rules: Sequence[type[Rule]],
                 guideline: Guideline) -> str:
    return json.dumps(report_sarif(reports, rules, guideline), ensure_ascii=False, indent=2) + "\n"
