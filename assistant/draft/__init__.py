"""Drafting: the FlyerDraft schema built from the guideline, and the drafters."""

from assistant.draft.base import Drafter, DraftResult
from assistant.draft.choose import LLMDrafter, choose_drafter, draft_with_fallback  # noqa: F401
from assistant.draft.offline import OfflineDrafter
from assistant.draft.schema import FlyerDraft, draft_json_schema, draft_model, variants_model

__all__ = [
    "DraftResult",
    "Drafter",
    "FlyerDraft",
    "OfflineDrafter",
    "draft_json_schema",
    "draft_model",
    "variants_model",
]
