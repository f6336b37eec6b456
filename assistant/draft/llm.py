"""The LLM drafter: any OpenAI-compatible chat-completions endpoint, structured output.

One call makes all N variants ({"variants": [...]}). The request carries the draft JSON Schema
generated from the guideline, minus the keywords OpenAI's strict mode rejects (lengths,
counts, patterns, ...): those limits are enforced here by validating with `draft_model`.
A server that refuses `json_schema` gets `json_object`, then plain text with the schema in the
prompt and JSON extraction. Invalid or unfaithful answers get at most `MAX_REPAIRS` repair
turns. Every failure raises `LLMError` with a Japanese reason; `choose.draft_with_fallback`
turns it into an offline draft.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import openai
from openai import OpenAI
from pydantic import ValidationError

from assistant.draft.base import DraftResult
from assistant.draft.guard import DraftGuard, GuardIssue
from assistant.draft.prompting import repair_prompt, system_prompt, user_prompt
from assistant.draft.schema import FlyerDraft, draft_json_schema, draft_model
from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.settings import ResponseMode, Settings

log = logging.getLogger(__name__)

MAX_REPAIRS = 2
OPENAI_BASE_URL = "https://api.openai.com/v1"
SCHEMA_NAME = "flyer_drafts"
MODES: tuple[ResponseMode, ...] = ("json_schema", "json_object", "text")

# JSON Schema keywords that OpenAI's strict structured outputs reject (or may reject); the
# limits they express are checked locally with draft_model(guideline) instead.
STRICT_UNSUPPORTED = frozenset({
    "maxLength", "minLength", "pattern", "format", "default", "maxItems", "minItems",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems",
    "minProperties", "maxProperties", "patternProperties", "unevaluatedProperties",
    "contains", "minContains", "maxContains", "title", "examples",
})
_NAME_MAPS = frozenset({"properties", "$defs", "definitions"})  # keys there are names

FailureKind = Literal["connection", "timeout", "auth", "http", "refusal", "unusable", "config"]


class LLMError(Exception):
    """The LLM could not produce usable drafts. `reason_ja` says why, for the user."""

    def __init__(self, kind: FailureKind, cause_ja: str, detail_ja: str,
                 usage: dict[str, int] | None = None) -> None:
        super().__init__(f"{kind}: {detail_ja}")
        self.kind = kind
        self.cause_ja = cause_ja
        self.detail_ja = detail_ja
        self.usage = usage

    @property
    def reason_ja(self) -> str:
        return f"{self.cause_ja}、オフラインの下書きで作りました（{self.detail_ja}）"


class NoJSONError(ValueError):
    """The answer contains no JSON value."""


# --- schema and JSON helpers ----------------------------------------------------------


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` that OpenAI strict mode accepts: local $refs inlined, unsupported
    keywords removed, every object closed (additionalProperties false) with all its
    properties required."""

    def clean(node: Any, names: bool = False) -> Any:
        if isinstance(node, list):
            return [clean(item) for item in node]
        if not isinstance(node, dict):
            return node
        if names:  # a map of property/definition names to schemas
            return {key: clean(value) for key, value in node.items()}
        result = {key: clean(value, key in _NAME_MAPS) for key, value in node.items()
                  if key not in STRICT_UNSUPPORTED}
        if result.get("type") == "object" and "properties" in result:
            result["additionalProperties"] = False
            result["required"] = list(result["properties"])
        return result

    return clean(_inline_refs(copy.deepcopy(schema)))


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace local "#/$defs/Name" references by the definitions themselves.

    Not every compatible server's grammar compiler follows $ref; the draft schema has no
    recursion, so inlining is always possible.
    """
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = resolve(copy.deepcopy(definitions[ref.removeprefix("#/$defs/")]))
            return {**target, **{k: resolve(v) for k, v in node.items() if k != "$ref"}}
        return {key: resolve(value) for key, value in node.items()}

    return resolve(schema)


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[a-zA-Z]*\s*\n?(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The JSON value in a model's answer: bare, in a code fence, or inside prose.

    Reasoning blocks (<think>...</think>) are skipped. Raises NoJSONError if none is found.
    """
    text = _THINK.sub("", text).strip()
    candidates = [text, *(block.strip() for block in _FENCE.findall(text))]
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[{\[]", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict | list) and value:
            return value
    raise NoJSONError("no JSON object in the answer")


def _variant_items(data: Any) -> list[Any]:
    """The list of drafts in an answer; a bare list or a single draft object is accepted."""
    if isinstance(data, dict) and isinstance(data.get("variants"), list):
        return data["variants"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "headline" in data:
        return [data]
    return []


# --- the drafter ----------------------------------------------------------------------


@dataclass
class _Usage:
    calls: int = 0
    repairs: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, usage: Any) -> None:
        self.calls += 1
        if usage is None:
            return
        for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
            value = getattr(usage, name, None)
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class LLMDrafter:
    """Drafts with an LLM; raises LLMError (never returns bad or unfaithful drafts)."""

    name = "llm"

    def __init__(self, settings: Settings, client: OpenAI | None = None) -> None:
        if not settings.model:
            raise ValueError("LLMDrafter needs settings.model (FLYER_MODEL)")
        self.settings = settings
        self.model: str = settings.model
        self.base_url = settings.openai_base_url or OPENAI_BASE_URL
        self.client = client or OpenAI(
            base_url=self.base_url,
            api_key=settings.api_key_value(),
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
        # The response format that last worked, so a server that refused json_schema once
        # is not asked for it again by this drafter.
        self.known_mode: ResponseMode | None = None

    def draft(self, event: EventInfo, guideline: Guideline, variants: int) -> DraftResult:
        return _Conversation(self, event, guideline, variants).run()

    # --- one HTTP request ---------------------------------------------------------------
    def complete(self, messages: list[dict[str, str]], mode: ResponseMode,
                 schema: dict[str, Any], remaining_s: float | None = None) -> Any:
        """One chat completion. Near the end of the time budget (`remaining_s` shorter than
        one request's timeout) the request gets only the time left and no retries."""
        client = self.client
        if remaining_s is not None and remaining_s < self.settings.llm_timeout:
            client = client.with_options(timeout=remaining_s, max_retries=0)
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if mode == "json_schema":
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": SCHEMA_NAME, "schema": schema, "strict": True}}
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        # OpenAI's newer models only take max_completion_tokens; most compatible servers
        # only know max_tokens.
        tokens_key = "max_completion_tokens" if self.base_url == OPENAI_BASE_URL else "max_tokens"
        kwargs[tokens_key] = self.settings.llm_max_tokens
        if self.settings.llm_temperature is not None:
            kwargs["temperature"] = self.settings.llm_temperature
        return client.chat.completions.create(**kwargs)


@dataclass
class _Conversation:
    drafter: LLMDrafter
    event: EventInfo
    guideline: Guideline
    variants: int
    usage: _Usage = field(default_factory=_Usage)
    turns: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.schema = draft_json_schema(self.guideline, self.variants)
        self.request_schema = strict_schema(self.schema)
        self.model = draft_model(self.guideline)
        self.guard = DraftGuard(self.event, self.guideline)
        self.mode: ResponseMode = (self.drafter.known_mode
                                   or self.drafter.settings.llm_response_format)
        self.turns = [{"role": "user", "content": user_prompt(self.event, self.variants)}]
        self.deadline = time.monotonic() + self.drafter.settings.llm_total_timeout

    def run(self) -> DraftResult:
        problems: list[str] = []
        for attempt in range(MAX_REPAIRS + 1):
            if attempt:
                self.usage.repairs += 1
                self.turns.append({"role": "user", "content": repair_prompt(problems)})
            content = self._ask(first=attempt == 0)
            final = attempt == MAX_REPAIRS
            drafts, problems, notes = self._evaluate(content, final)
            if not problems:
                return DraftResult(drafts=drafts, drafter="llm",
                                   reason_ja=self._success_reason(notes),
                                   usage=self.usage.as_dict())
            log.info("LLM answer needs repair: %s", problems)
            self.turns.append({"role": "assistant", "content": content})
        raise LLMError("unusable", "AIの答えがルールに合わなかったため",
                       f"{MAX_REPAIRS}回直してもらっても使えませんでした", self.usage.as_dict())

    # --- calling, with response-format fallback -----------------------------------------
    def _messages(self) -> list[dict[str, str]]:
        schema_in_prompt = None if self.mode == "json_schema" else self.schema
        system = system_prompt(self.guideline, output_schema=schema_in_prompt)
        return [{"role": "system", "content": system}, *self.turns]

    def _ask(self, first: bool) -> str:
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise LLMError("timeout", "AIの応答が時間内に返らなかったため", "タイムアウト",
                               self.usage.as_dict())
            try:
                response = self.drafter.complete(self._messages(), self.mode,
                                                 self.request_schema, remaining)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as error:
                if not self._downgrade(error, first):
                    raise self._failure(error) from error
                continue
            except openai.OpenAIError as error:
                raise self._failure(error) from error
            self.usage.add(getattr(response, "usage", None))
            self.drafter.known_mode = self.mode
            return self._content(response)

    def _downgrade(self, error: openai.APIStatusError, first: bool) -> bool:
        """Switch to the next weaker response format if the server refused this one."""
        if self.mode == "text":
            return False
        text = str(error.message).lower()
        mentions_format = any(word in text for word in ("response_format", "json_schema",
                                                         "json_object"))
        if not (first or mentions_format):
            return False
        self.mode = MODES[MODES.index(self.mode) + 1]
        log.info("server refused the response format (%s); trying %s", error.status_code,
                 self.mode)
        return True

    def _content(self, response: Any) -> str:
        try:  # servers that claim compatibility do not always answer in the documented shape
            choice = response.choices[0]
            message = choice.message
        except (AttributeError, IndexError, KeyError, TypeError):
            return ""
        if getattr(message, "refusal", None):
            raise LLMError("refusal", "AIが作成を断ったため", f"拒否: {message.refusal[:80]}",
                           self.usage.as_dict())
        if getattr(choice, "finish_reason", None) == "content_filter":
            raise LLMError("refusal", "AIの安全フィルターで止められたため", "フィルター",
                           self.usage.as_dict())
        content = getattr(message, "content", None)
        return content if isinstance(content, str) else ""

    def _failure(self, error: openai.OpenAIError) -> LLMError:
        usage = self.usage.as_dict()
        if isinstance(error, openai.APITimeoutError):
            return LLMError("timeout", "AIの応答が時間内に返らなかったため", "タイムアウト", usage)
        if isinstance(error, openai.APIConnectionError):
            return LLMError("connection", "AIに接続できなかったため", "接続エラー", usage)
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError("auth", "AIの接続先に認証で断られたため",
                            f"HTTP {error.status_code}: APIキーを確かめてください", usage)
        if isinstance(error, openai.APIStatusError):
            return LLMError("http", "AIのサーバーがエラーを返したため",
                            f"HTTP {error.status_code}", usage)
        return LLMError("config", "AIの呼び出しに失敗したため", type(error).__name__, usage)

    # --- checking the answer ------------------------------------------------------------
    def _evaluate(self, content: str, final: bool
                  ) -> tuple[list[FlyerDraft], list[str], list[GuardIssue]]:
        """(clean drafts, problems to repair, issues fixed here) for one answer."""
        if not content.strip():
            return [], ["答えが空でした。JSONを返してください。"], []
        try:
            items = _variant_items(extract_json(content))
        except NoJSONError:
            return [], ['JSONが見つかりません。{"variants": [...]} のJSONだけを返してください。'], []
        problems: list[str] = []
        if len(items) < self.variants:
            problems.append(f"{self.variants}案が必要ですが、{len(items)}案でした。")
        drafts: list[FlyerDraft] = []
        notes: list[GuardIssue] = []
        for index, item in enumerate(items[: self.variants]):
            try:
                draft = self.model.model_validate(item)
            except ValidationError as error:
                problems += [_validation_message(index, e) for e in error.errors()]
                continue
            checked = self.guard.check(draft, index, drop_long_sentences=final)
            problems += [issue.message_ja() for issue in checked.problems]
            notes += [issue for issue in checked.issues if issue.resolved]
            if checked.draft is not None:
                drafts.append(checked.draft)
        return drafts, problems, notes

    def _success_reason(self, notes: list[GuardIssue]) -> str:
        reason = f"AI（{self.drafter.model}）で下書きを作りました"
        dropped = [n for n in notes if n.kind == "invented_fact"]
        if dropped:
            reason += f"。イベント情報にない事実を含む文やポイントを{len(dropped)}つ消しました"
        if self.usage.repairs:
            reason += f"（{self.usage.repairs}回直してもらいました）"
        return reason


def _validation_message(index: int, error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "全体"
    given = json.dumps(error.get("input"), ensure_ascii=False)[:60]
    return f"案{index + 1}の {where}: {error['msg']}（いまの値: {given}）"
