"""Load, check and save guideline YAML files.

Loading goes through ruamel.yaml's round-trip loader, so that every problem can be reported as
`file:line:column: message` and so that saving keeps the comments and key order PR staff wrote.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from assistant.guideline.model import Guideline
from assistant.paths import PROJECT_ROOT

DEFAULT_GUIDELINE = PROJECT_ROOT / "brand_guidelines" / "kitakami.yaml"


@dataclass(frozen=True)
class Problem:
    """One problem in a guideline file, with a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    message_ja: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class GuidelineError(Exception):
    """The guideline file cannot be used; `problems` says why, by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_document(text: str) -> Any:
    """Parse YAML text into ruamel's round-trip structure (keeps comments and order)."""
    return _yaml().load(text)


def dump_document(doc: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue()


def save_document(doc: Any, path: Path) -> None:
    """Write atomically: a reader never sees a half-written guideline."""
    write_text_atomic(path, dump_document(doc))


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _to_plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v) for v in node]
    return node


def _locate(doc: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line/column (0-based) of the deepest node of `loc` that exists in the document."""
    line, col = 0, 0
    node = doc
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line, col = node.lc.key(key)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, col = node.lc.item(key)
            node = node[key]
        else:
            if hasattr(node, "lc") and line == 0 and col == 0:
                line, col = node.lc.line, node.lc.col
            break
    return line, col


_JA_BY_TYPE = {
    "missing": "必要な項目がありません",
    "extra_forbidden": "この項目はガイドラインにありません（つづりを確かめてください）",
    "float_parsing": "数値を書いてください",
    "float_type": "数値を書いてください",
    "int_parsing": "整数を書いてください",
    "int_type": "整数を書いてください",
    "int_from_float": "整数を書いてください",
    "string_type": "文字を書いてください",
    "bool_type": "true か false を書いてください",
    "bool_parsing": "true か false を書いてください",
    "list_type": "リスト（- で始まる行）にしてください",
    "dict_type": "項目のまとまり（キー: 値）にしてください",
    "literal_error": "決められた値のどれかを書いてください",
    "greater_than": "もっと大きい値にしてください",
    "greater_than_equal": "もっと大きい値にしてください",
    "less_than": "もっと小さい値にしてください",
    "less_than_equal": "もっと小さい値にしてください",
    "too_short": "項目が足りません",
    "string_pattern_mismatch": "書き方が違います（英小文字・数字・_ を使います）",
}


def _problems_from_validation(
    path: str, doc: Any, error: ValidationError
) -> list[Problem]:
    problems = []
    for err in error.errors():
        loc = tuple(err["loc"])
        line, col = _locate(doc, loc)
        where = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r} at {where}"
        elif err["type"] == "missing":
            msg = f"missing key {where}"
        else:
            msg = f"{where}: {err['msg'].removeprefix('Value error, ')}"
        ja = _JA_BY_TYPE.get(err["type"], err["msg"].removeprefix("Value error, "))
        problems.append(Problem(path, line + 1, col + 1, msg, f"{where}: {ja}"))
    return problems


def parse_guideline(text: str, path: str = "<guideline>", base_dir: Path | None = None
                    ) -> Guideline:
    """Parse and validate guideline text; raise GuidelineError with located problems."""
    try:
        doc = read_document(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = f"YAML syntax error: {exc.problem or exc.context}"
        raise GuidelineError([Problem(path, line, col, msg, "YAML の書き方に誤りがあります")]) from None
    except Exception as exc:  # ruamel raises a few non-marked errors (e.g. duplicate keys)
        raise GuidelineError([Problem(path, 1, 1, f"YAML error: {exc}",
                                      "YAML の書き方に誤りがあります")]) from None
    if not isinstance(doc, CommentedMap):
        raise GuidelineError([Problem(path, 1, 1, "the guideline must be a YAML mapping",
                                      "ガイドラインは「キー: 値」の形で書きます")])
    try:
        guideline = Guideline.model_validate(_to_plain(doc))
    except ValidationError as exc:
        raise GuidelineError(_problems_from_validation(path, doc, exc)) from None
    guideline = guideline.with_base_dir(base_dir or PROJECT_ROOT)
    problems = _semantic_problems(guideline, doc, path)
    if problems:
        raise GuidelineError(problems)
    return guideline


def load_guideline(path: Path | str | None = None) -> Guideline:
    """Load and validate a guideline file (the shipped Kitakami one by default)."""
    file = Path(path) if path else DEFAULT_GUIDELINE
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuidelineError([Problem(str(file), 1, 1, "file not found",
                                      "ファイルが見つかりません")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GuidelineError([Problem(str(file), 1, 1, f"cannot read file: {exc}",
                                      "ファイルを読めません")]) from None
    return parse_guideline(text, str(file), base_dir=_base_dir_for(file))


def print_problems(error: GuidelineError) -> None:
    """How every command reports an unusable guideline: one `file:line:column: message` a line."""
    for problem in error.problems:
        print(str(problem), file=sys.stderr)


def load_guideline_or_report(path: Path | str | None = None) -> Guideline | None:
    """`load_guideline` for commands: None, after printing the problems, when it is unusable."""
    try:
        return load_guideline(path)
    except GuidelineError as error:
        print_problems(error)
        return None


def _base_dir_for(file: Path) -> Path:
    """Relative asset paths resolve against the project root that holds the guideline."""
    resolved = file.resolve()
    for parent in resolved.parents:
        if (parent / "assets").is_dir():
            return parent
    return PROJECT_ROOT


def check_guideline(path: Path | str) -> list[Problem]:
    try:
        load_guideline(path)
    except GuidelineError as exc:
        return exc.problems
    return []


def _semantic_problems(g: Guideline, doc: Any, path: str) -> list[Problem]:
    """Checks that need files or arithmetic across sections."""
    from assistant.guideline.checks import semantic_checks

    return [
        Problem(path, *(n + 1 for n in _locate(doc, loc)), msg, ja)
        for loc, msg, ja in semantic_checks(g)
    ]
