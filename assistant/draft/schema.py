"""The flyer draft: creative choices only, never facts.

`FlyerDraft` is the plain shape. `draft_model(guideline)` derives the model a drafter must
satisfy: layout, colour scheme and logo position are enums of the guideline's ids, string
lengths and the number of highlights come from `guideline.draft`, hashtags must be the brand's,
and the logo position must be one the chosen layout allows. `draft_json_schema` gives the
JSON Schema of `{"variants": [draft, ...]}` for structured outputs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

from assistant.guideline import Guideline


class FlyerDraft(BaseModel):
    """Creative choices for one flyer. Facts (date, venue, fee, contact...) are not here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    layout: str = Field(description="Layout id from the guideline")
    scheme: str = Field(description="Colour scheme id from the guideline")
    logo_position: str = Field(description="Logo position id allowed for the layout")
    headline: str = Field(description="Short kicker above the title")
    catch: str = Field(description="Catch copy")
    summary: str = Field(description="Short summary in plain Japanese (やさしい日本語)")
    highlights: list[str] = Field(description="Short selling points")
    hashtags: list[str] = Field(description="Brand hashtags")


# The parts of a guideline that shape the draft model; the cache key, so that equal
# guidelines share one model class.
_Key = tuple[
    tuple[tuple[str, tuple[str, ...]], ...],  # layouts with their logo positions
    tuple[str, ...],  # colour schemes
    tuple[str, ...],  # logo positions
    tuple[str, ...],  # brand hashtags
    tuple[int, int, int, int, int],  # headline, catch, summary, highlight chars; highlights
]


def _key(guideline: Guideline) -> _Key:
    limits = guideline.draft
    return (
        tuple((lay.id, tuple(lay.logo_positions)) for lay in guideline.layouts),
        tuple(s.id for s in guideline.colour_schemes),
        tuple(p.id for p in guideline.logo.positions),
        tuple(guideline.brand.hashtags),
        (limits.headline_max_chars, limits.catch_max_chars, limits.summary_max_chars,
         limits.highlight_max_chars, limits.highlights_max),
    )


def draft_model(guideline: Guideline) -> type[FlyerDraft]:
    """The FlyerDraft model with enums and limits of this guideline (cached)."""
    return _build_model(_key(guideline))


def _enum(values: tuple[str, ...]) -> Any:
    return Literal[values]  # type: ignore[valid-type]


def _text(max_chars: int) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=max_chars)]


@lru_cache(maxsize=32)
def _build_model(key: _Key) -> type[FlyerDraft]:
    layouts, schemes, positions, hashtags, limits = key
    headline_max, catch_max, summary_max, highlight_max, highlights_max = limits
    allowed_positions = {layout_id: set(pos) for layout_id, pos in layouts}

    def check_logo_position(draft: FlyerDraft) -> FlyerDraft:
        allowed = allowed_positions[draft.layout]
        if draft.logo_position not in allowed:
            raise ValueError(
                f"logo_position {draft.logo_position!r} is not allowed for layout "
                f"{draft.layout!r} (allowed: {', '.join(sorted(allowed))})"
            )
        if len(set(draft.hashtags)) != len(draft.hashtags):
            raise ValueError("hashtags must not repeat")
        return draft

    tag_type: Any = _enum(hashtags) if hashtags else Annotated[str, Field(max_length=0)]
    return create_model(  # type: ignore[call-overload, no-any-return]
        "GuidelineFlyerDraft",
        __base__=FlyerDraft,
        __validators__={"_logo_position_for_layout": model_validator(mode="after")(
            check_logo_position)},
        layout=(_enum(tuple(layout_id for layout_id, _ in layouts)),
                Field(description="Layout id")),
        scheme=(_enum(schemes), Field(description="Colour scheme id")),
        logo_position=(_enum(positions),
                       Field(description="Logo position id; must be allowed for the layout")),
        headline=(_text(headline_max), Field(description="Short kicker above the title")),
        catch=(_text(catch_max), Field(description="Catch copy")),
        summary=(_text(summary_max),
                 Field(description="Short summary in plain Japanese (やさしい日本語)")),
        highlights=(list[_text(highlight_max)],
                    Field(max_length=highlights_max, description="Short selling points")),
        hashtags=(list[tag_type],
                  Field(max_length=len(hashtags), description="Brand hashtags only")),
    )


def variants_model(guideline: Guideline, variants: int) -> type[BaseModel]:
    """The model of {"variants": [draft, ...]} with exactly `variants` drafts."""
    maximum = guideline.draft.variants_max
    if not 1 <= variants <= maximum:
        raise ValueError(f"variants must be between 1 and {maximum}, got {variants}")
    return _build_variants(draft_model(guideline), variants)


@lru_cache(maxsize=64)
def _build_variants(model: type[FlyerDraft], variants: int) -> type[BaseModel]:
    return create_model(  # type: ignore[call-overload, no-any-return]
        "FlyerDraftVariants",
        __config__=ConfigDict(extra="forbid"),
        variants=(list[model], Field(min_length=variants, max_length=variants)),
    )


def draft_json_schema(guideline: Guideline, variants: int) -> dict[str, Any]:
    """JSON Schema of {"variants": [FlyerDraft, ...]} (minItems = maxItems = variants).

    Every object has additionalProperties false and lists all its properties as required,
    as OpenAI structured outputs need; a choice with one allowed value stays an `enum`.
    """
    schema = variants_model(guideline, variants).model_json_schema()
    _close_objects(schema)
    return schema


def _close_objects(node: Any) -> None:
    if isinstance(node, dict):
        if "const" in node:  # pydantic writes a one-value Literal as const
            node["enum"] = [node.pop("const")]
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for item in node:
            _close_objects(item)
