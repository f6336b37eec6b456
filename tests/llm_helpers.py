"""Shared pieces of the LLM tests: an event, good model answers, settings for the fake server."""

from __future__ import annotations

from typing import Any

from assistant.event import EventInfo, event_from_dict
from assistant.settings import Settings

EVENT_DATA: dict[str, Any] = {
    "title": "あじさい散歩の会",
    "date": "2026-07-18",
    "start_time": "10:00",
    "end_time": "15:00",
    "venue": "北上市立公園展勝地",
    "organizer": "北上市 都市プロモーション課",
    "contact": {"department": "都市プロモーション課", "phone": "0197-64-2111"},
    "fee": 500,
    "capacity": 30,
    "audience": "どなたでも",
    "description": "あじさいを見ながら、ゆっくり散歩します。ガイドが花の話をします。",
}


def make_event(**changes: Any) -> EventInfo:
    return event_from_dict({**EVENT_DATA, **changes})


def good_variant(**changes: Any) -> dict[str, Any]:
    """A draft that is valid for the Kitakami guideline and faithful to EVENT_DATA."""
    variant = {
        "layout": "standard",
        "scheme": "ajisai",
        "logo_position": "top_right",
        "headline": "あじさいの季節です",
        "catch": "北上で、あじさいを見に行こう！",
        "summary": "色とりどりのあじさいを見ながら、ゆっくり散歩します。ガイドが花の話をします。",
        "highlights": ["ガイドの楽しい花の話", "どなたでも参加できます"],
        "hashtags": ["#やっぱり北上だよね", "#KitaComing"],
    }
    return {**variant, **changes}


def answer(*variants: dict[str, Any]) -> dict[str, Any]:
    return {"variants": list(variants) or [good_variant()]}


def fake_settings(base_url: str, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "openai_base_url": base_url,
        "openai_api_key": "test-key",
        "model": "fake-model",
        "llm_timeout": 5.0,
        "llm_max_retries": 2,
    }
    return Settings(**{**values, **changes})
