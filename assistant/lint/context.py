"""What a rule may use besides the Deck: the guideline and read-only access to image bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.guideline.model import Guideline


@dataclass
class LintContext:
    guideline: Guideline
    # Returns the bytes of a package part (e.g. "/ppt/media/image1.png"); bounded in size by
    # the reader. Rules decode images through `assistant.lint.images`, never by hand.
    part_bytes: Callable[[str], bytes]
    # Per-file cache that rules may share (e.g. decoded logo comparisons), keyed by rule.
    cache: dict[str, Any] = field(default_factory=dict)
