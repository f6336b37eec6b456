"""The rule framework: a rule is a small class with a code, docs and a `check` generator.

Rules live in `assistant/lint/rules/<family>.py` (one module per code family: L, M, C, T, I,
A, F). Every subclass of `Rule` defined there is registered by its code automatically, so
adding a rule touches its family module and its test, nothing else.

Thresholds and severities are never literals in a rule: they come from the guideline clause
the rule enforces (`clause` is the dotted path of that block in the guideline, e.g.
"logo" or "colour.contrast"); the finding cites that clause's stable id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from assistant.guideline.model import Clause, Guideline, Severity
from assistant.lint.model import Box, Deck, Shape, Slide

if TYPE_CHECKING:
    from assistant.lint.context import LintContext


class Finding(BaseModel):
    rule: str  # code, e.g. "L003"
    severity: Severity
    message: str  # Japanese, says what is wrong and where
    slide: int | None = None
    shape: str | None = None
    bbox_mm: tuple[float, float, float, float] | None = None
    clause: str | None = None  # guideline rule id, e.g. "KC-LOGO"
    fix: str | None = None  # how to fix (Japanese), from the rule doc
    fixable: bool = False


class Rule:
    code: ClassVar[str]  # "L001": family letter + 3 digits; never changes meaning
    name: ClassVar[str]  # kebab-case, e.g. "logo-missing"
    summary: ClassVar[str]  # one line, Japanese
    clause: ClassVar[str]  # dotted path of the guideline block, e.g. "logo"
    what: ClassVar[str]  # doc: what it checks (Japanese)
    why: ClassVar[str]  # doc: why it matters
    how_to_fix: ClassVar[str]  # doc: how to fix it
    fixable: ClassVar[bool] = False
    severity_field: ClassVar[str] = "severity"  # clause attribute holding the severity

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        raise NotImplementedError

    # --- helpers for rule bodies -------------------------------------------------------
    @classmethod
    def clause_of(cls, guideline: Guideline) -> Any:
        node: Any = guideline
        for part in cls.clause.split("."):
            node = getattr(node, part)
        return node

    @classmethod
    def severity(cls, guideline: Guideline) -> Severity:
        return getattr(cls.clause_of(guideline), cls.severity_field)

    @classmethod
    def clause_id(cls, guideline: Guideline) -> str | None:
        node = cls.clause_of(guideline)
        return node.id if isinstance(node, Clause) else None

    def finding(
        self,
        ctx: LintContext,
        message: str,
        slide: Slide | None = None,
        shape: Shape | None = None,
        box: Box | None = None,
    ) -> Finding:
        box = box or (shape.box if shape else None)
        return Finding(
            rule=self.code,
            severity=self.severity(ctx.guideline),
            message=message,
            slide=slide.index if slide else None,
            shape=shape.name if shape else None,
            bbox_mm=box.mm() if box else None,
            clause=self.clause_id(ctx.guideline),
            fix=self.how_to_fix,
            fixable=self.fixable,
        )


@dataclass
class Registry:
    rules: dict[str, type[Rule]] = field(default_factory=dict)

    def add(self, rule: type[Rule]) -> None:
        if rule.code in self.rules and self.rules[rule.code] is not rule:
            raise ValueError(f"rule code {rule.code} is defined twice")
        self.rules[rule.code] = rule

    def select(self, select: list[str] | None = None, ignore: list[str] | None = None
               ) -> list[type[Rule]]:
        """ruff-style selection: a prefix ("L", "L0", "L001") selects every code it starts."""
        chosen = [
            r for code, r in sorted(self.rules.items())
            if (not select or any(code.startswith(p) for p in select))
            and not any(code.startswith(p) for p in (ignore or []))
        ]
        return chosen
