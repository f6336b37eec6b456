"""Which drafter to use, and the LLM-with-offline-fallback that never fails for LLM reasons.

- No LLM configured (see assistant.settings) → `OfflineDrafter`, with the reason in Japanese.
- LLM configured → `FallbackDrafter`: the LLM drafter; on any LLM problem (connection, HTTP
  error, timeout, refusal, unusable answer after repairs) the offline drafter makes the drafts
  and `reason_ja` says so honestly, e.g.
  「AIに接続できなかったため、オフラインの下書きで作りました（接続エラー）」.

Bad arguments (variants out of range) still raise ValueError: they are the caller's bug, not an
LLM problem.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from assistant.draft.base import Drafter, DraftResult
from assistant.draft.llm import LLMDrafter, LLMError
from assistant.draft.offline import OfflineDrafter
from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.settings import Settings, load_settings, settings_error_ja

log = logging.getLogger(__name__)

OFFLINE_SUFFIX_JA = "、オフラインの下書きで作りました"


class FallbackDrafter:
    """The LLM drafter, falling back to the offline drafter on any LLM problem."""

    name = "llm"

    def __init__(self, llm: LLMDrafter, offline: OfflineDrafter | None = None) -> None:
        self.llm = llm
        self.offline = offline or OfflineDrafter()

    def draft(self, event: EventInfo, guideline: Guideline, variants: int) -> DraftResult:
        _check_variants(guideline, variants)
        try:
            return self.llm.draft(event, guideline, variants)
        except LLMError as error:
            log.info("LLM drafting failed, using the offline drafter: %s", error)
            return self._offline(event, guideline, variants, error.reason_ja, error.usage)
        except Exception as error:  # an LLM problem must never stop the flyer being made
            log.info("unexpected error while drafting with the LLM", exc_info=True)
            reason = f"AIの答えを読めなかったため{OFFLINE_SUFFIX_JA}（{type(error).__name__}）"
            return self._offline(event, guideline, variants, reason, None)

    def _offline(self, event: EventInfo, guideline: Guideline, variants: int, reason_ja: str,
                 usage: dict[str, int] | None) -> DraftResult:
        result = self.offline.draft(event, guideline, variants)
        return result.model_copy(update={"reason_ja": reason_ja, "usage": usage or None})


def choose_drafter(settings: Settings | None = None) -> Drafter:
    """The drafter the settings ask for (environment when None)."""
    if settings is None:
        try:
            settings = load_settings()
        except ValidationError as error:  # a bad variable must not stop the flyer being made
            log.info("bad LLM settings in the environment: %s", error)
            return OfflineDrafter(reason_ja=settings_error_ja(error) + OFFLINE_SUFFIX_JA)
    why_not = settings.why_no_llm_ja
    if why_not is not None:
        return OfflineDrafter(reason_ja=why_not + OFFLINE_SUFFIX_JA)
    try:
        llm = LLMDrafter(settings)
    except Exception as error:  # a bad setting must not stop the flyer being made
        log.info("LLM client could not be created: %s", error)
        return OfflineDrafter(
            reason_ja=f"AIの設定を読めなかったため{OFFLINE_SUFFIX_JA}（{type(error).__name__}）")
    return FallbackDrafter(llm)


def draft_with_fallback(event: EventInfo, guideline: Guideline, variants: int,
                        settings: Settings | None = None) -> DraftResult:
    """Drafts from the configured drafter; LLM problems end in offline drafts, never raise."""
    return choose_drafter(settings).draft(event, guideline, variants)


def _check_variants(guideline: Guideline, variants: int) -> None:
    maximum = guideline.draft.variants_max
    if not 1 <= variants <= maximum:
        raise ValueError(f"variants must be between 1 and {maximum}, got {variants}")
