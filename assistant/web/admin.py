"""The logic of the 「ガイドライン管理」 tab, free of Gradio: common values, checks, diff.

The draft is YAML text. The form edits a few common values inside it through ruamel's
round-trip document, so the comments and the order PR staff wrote stay as they were.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from assistant.guideline import Guideline, GuidelineError, parse_guideline
from assistant.guideline.io import dump_document, read_document
from assistant.paths import PROJECT_ROOT


@dataclass(frozen=True)
class CommonValue:
    key: str  # component key in the form
    label: str
    path: tuple[str | int, ...]  # where in the YAML document; palette entries by id
    kind: str  # "colour" or "number"
    info: str = ""


def common_values_spec(guideline: Guideline) -> list[CommonValue]:
    """The form's fields, built from the guideline in force when the app starts."""
    spec = [
        CommonValue(f"palette.{c.id}", c.name_ja, ("palette", c.id, "hex"), "colour")
        for c in guideline.palette
    ]
    spec += [
        CommonValue("absolute_min_pt", "いちばん小さい文字（pt）",
                    ("typography", "min_size", "absolute_min_pt"), "number",
                    "チラシのどの文字もこれより小さくしない"),
    ]
    spec += [
        CommonValue(f"role.{name}", f"{role.name_ja}の最小サイズ（pt）",
                    ("typography", "roles", name, "min_pt"), "number")
        for name, role in guideline.typography.roles.items()
    ]
    spec += [
        CommonValue("safe_mm", "余白（mm）", ("margins", "safe_mm"), "number",
                    "紙の端からこの内側に文字とロゴを置く"),
        CommonValue("trim_text_min_mm", "文字を置かない端の幅（mm）",
                    ("margins", "trim_text_min_mm"), "number"),
        CommonValue("logo_min_width_mm", "ロゴの最小の幅（mm）", ("logo", "min_width_mm"), "number"),
        CommonValue("logo_clear_space_ratio", "ロゴのまわりの余白（ロゴの高さに対する割合）",
                    ("logo", "clear_space_ratio"), "number", "例：0.25 = ロゴの高さの4分の1"),
    ]
    return spec


def _resolve(doc: Any, path: tuple[str | int, ...]) -> tuple[Any, Any] | None:
    """(container, key) of the node at `path`; palette entries are found by their id."""
    node = doc
    for i, part in enumerate(path[:-1]):
        if isinstance(node, list):
            node = next((item for item in node if isinstance(item, dict)
                         and item.get("id") == part), None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
        if i == len(path) - 2 and not isinstance(node, dict):
            return None
    return node, path[-1]


def read_common_values(text: str, spec: list[CommonValue]) -> dict[str, Any]:
    """Current values of the form's fields in the YAML text (None where absent)."""
    doc = read_document(text)
    values: dict[str, Any] = {}
    for field in spec:
        found = _resolve(doc, field.path)
        values[field.key] = found[0].get(found[1]) if found else None
    return values


def _number(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def apply_common_values(text: str, spec: list[CommonValue], values: dict[str, Any]) -> str:
    """Set the form's values in the YAML text; comments and order are kept."""
    doc = read_document(text)
    for field in spec:
        value = values.get(field.key)
        found = _resolve(doc, field.path)
        if value in (None, "") or found is None:
            continue
        container, key = found
        if field.kind == "colour":
            container[key] = DoubleQuotedScalarString(str(value).strip().upper())
        else:
            container[key] = _number(value)
    return dump_document(doc)


def normalise_draft(text: str) -> str:
    """The code editor drops the file's last newline; put it back so diffs stay clean."""
    return text if text.endswith("\n") else text + "\n"


def check_draft(text: str) -> tuple[Guideline | None, list[list[Any]]]:
    """The parsed draft, or None and problem rows [行, 列, 内容] in Japanese."""
    try:
        return parse_guideline(normalise_draft(text), "下書き", base_dir=PROJECT_ROOT), []
    except GuidelineError as exc:
        return None, [[p.line, p.column, p.message_ja] for p in exc.problems]


def diff_text(published: str, draft: str, published_label: str) -> str:
    lines = difflib.unified_diff(
        normalise_draft(published).splitlines(keepends=True),
        normalise_draft(draft).splitlines(keepends=True),
        fromfile=f"公開中（{published_label}）", tofile="下書き", n=2,
    )
    return "".join(lines)
