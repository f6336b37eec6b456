"""What every drafter returns, and the interface drafters share."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from assistant.draft.schema import FlyerDraft
from assistant.event import EventInfo
from assistant.guideline import Guideline


class DraftResult(BaseModel):
    """Drafts for one event, which drafter made them, and why that one."""

    model_config = ConfigDict(frozen=True)

    drafts: list[FlyerDraft] = Field(min_length=1)
    drafter: Literal["offline", "llm"]
    reason_ja: str | None = None  # e.g. 「AIの設定がないため、オフラインで作成しました」
    usage: dict[str, int] | None = None  # LLM token counts, when known


@runtime_checkable
class Drafter(Protocol):
    """Makes `variants` drafts, each valid against `draft_model(guideline)`."""

    name: str

    def draft(self, event: EventInfo, guideline: Guideline, variants: int) -> DraftResult: ...
