"""Run-time settings from the environment (pydantic-settings).

The LLM connection uses the `openai` client's own variables, so a machine already set up for
the OpenAI SDK needs only `FLYER_MODEL`:

- `OPENAI_BASE_URL`  any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, LM Studio, ...);
  unset = OpenAI's own API.
- `OPENAI_API_KEY`   the key; local servers usually need none.
- `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, `OPENAI_CUSTOM_HEADERS` are read by the client itself.
- `FLYER_MODEL`      the model name. Without it no LLM is used.

Decision (docs/llm.md): the LLM drafter is used only when `FLYER_MODEL` is set AND at least one
of `OPENAI_BASE_URL` / `OPENAI_API_KEY` is set. A base URL without a key is a local server (a
placeholder key is sent, because the client insists on one); a key without a base URL is
OpenAI. Empty strings count as unset. `FLYER_OFFLINE=1` forces the offline drafter.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ResponseMode = Literal["json_schema", "json_object", "text"]

# Sent when a base URL is configured without a key: local servers ignore it, the client needs one.
LOCAL_SERVER_API_KEY = "not-needed"


def _env(name: str, field: str) -> AliasChoices:
    """Read from the environment variable `name`; Python callers may use the field name."""
    return AliasChoices(name, field)


class Settings(BaseSettings):
    """Everything the assistant reads from the environment."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    openai_base_url: str | None = Field(
        None, validation_alias=_env("OPENAI_BASE_URL", "openai_base_url"))
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=_env("OPENAI_API_KEY", "openai_api_key"))
    model: str | None = Field(None, validation_alias=_env("FLYER_MODEL", "model"))
    offline: bool = Field(False, validation_alias=_env("FLYER_OFFLINE", "offline"))
    llm_timeout: float = Field(
        60.0, gt=0, le=600, validation_alias=_env("FLYER_LLM_TIMEOUT", "llm_timeout"),
        description="Seconds for one HTTP request to the LLM")
    llm_total_timeout: float = Field(
        180.0, gt=0, le=3600,
        validation_alias=_env("FLYER_LLM_TOTAL_TIMEOUT", "llm_total_timeout"),
        description="Seconds for the whole drafting (all calls and repairs); then offline")
    llm_max_retries: int = Field(
        2, ge=0, le=10, validation_alias=_env("FLYER_LLM_MAX_RETRIES", "llm_max_retries"),
        description="Retries of the openai client on connection errors, 408/409/429/5xx")
    llm_temperature: float | None = Field(
        None, ge=0, le=2, validation_alias=_env("FLYER_LLM_TEMPERATURE", "llm_temperature"),
        description="Unset = the server's default (reasoning models accept no other value)")
    llm_max_tokens: int = Field(
        4000, ge=256, le=64000,
        validation_alias=_env("FLYER_LLM_MAX_TOKENS", "llm_max_tokens"),
        description="Upper bound on the answer's length in tokens")
    llm_response_format: ResponseMode = Field(
        "json_schema",
        validation_alias=_env("FLYER_LLM_RESPONSE_FORMAT", "llm_response_format"),
        description="First response format to try; weaker ones follow when the server refuses")

    @field_validator("openai_base_url", "model", "llm_temperature", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("offline", mode="before")
    @classmethod
    def _blank_is_false(cls, value: object) -> object:
        return False if isinstance(value, str) and not value.strip() else value

    @field_validator("openai_api_key", mode="before")
    @classmethod
    def _blank_key_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def llm_configured(self) -> bool:
        return self.why_no_llm_ja is None

    @property
    def why_no_llm_ja(self) -> str | None:
        """Why the LLM is not used (Japanese), or None when it is configured."""
        if self.offline:
            return "オフラインで作るよう設定されているため"
        if not self.model:
            return "AIのモデル（FLYER_MODEL）が設定されていないため"
        if not self.openai_base_url and self.openai_api_key is None:
            return "AIの接続先（OPENAI_BASE_URL または OPENAI_API_KEY）が設定されていないため"
        return None

    def api_key_value(self) -> str:
        """The key to send: the configured one, or a placeholder for keyless local servers."""
        if self.openai_api_key is not None:
            return self.openai_api_key.get_secret_value()
        return LOCAL_SERVER_API_KEY


def load_settings() -> Settings:
    """Settings from the current environment (raises pydantic's ValidationError if bad)."""
    return Settings()


def settings_error_ja(error: ValidationError) -> str:
    """Which environment variables are wrong, in Japanese."""
    names = sorted({str(problem["loc"][0]) for problem in error.errors() if problem["loc"]})
    return f"設定（{'、'.join(names) or '環境変数'}）の値が正しくないため"
