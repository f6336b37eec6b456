"""The FlyerDraft model and JSON Schema follow the guideline, whatever it says."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from assistant.draft import FlyerDraft, draft_json_schema, draft_model
from assistant.guideline import Guideline
from tests.conftest import changed_guideline


def valid_draft(guideline: Guideline, **changes: Any) -> dict[str, Any]:
    layout = guideline.layouts[0]
    draft: dict[str, Any] = {
        "layout": layout.id, "scheme": guideline.colour_schemes[0].id,
        "logo_position": layout.logo_positions[0], "headline": "夏は北上で自然体験！",
        "catch": "北上の自然を、みんなで楽しみませんか？", "summary": "カヌーを体験します。",
        "highlights": ["参加は無料です"], "hashtags": list(guideline.brand.hashtags),
    }
    draft.update(changes)
    return draft


def draft_properties(guideline: Guideline) -> dict[str, Any]:
    """The properties of one draft in the schema sent to the LLM."""
    (draft_schema,) = draft_json_schema(guideline, 1)["$defs"].values()
    return draft_schema["properties"]


def test_enums_are_the_guideline_ids(guideline: Guideline) -> None:
    props = draft_properties(guideline)
    assert props["layout"]["enum"] == [lay.id for lay in guideline.layouts]
    assert props["scheme"]["enum"] == [s.id for s in guideline.colour_schemes]
    assert props["logo_position"]["enum"] == [p.id for p in guideline.logo.positions]
    assert props["hashtags"]["items"]["enum"] == guideline.brand.hashtags


def test_lengths_come_from_the_guideline(guideline: Guideline) -> None:
    props = draft_properties(guideline)
    limits = guideline.draft
    assert props["headline"]["maxLength"] == limits.headline_max_chars
    assert props["catch"]["maxLength"] == limits.catch_max_chars
    assert props["summary"]["maxLength"] == limits.summary_max_chars
    assert props["highlights"]["items"]["maxLength"] == limits.highlight_max_chars
    assert props["highlights"]["maxItems"] == limits.highlights_max


def test_a_changed_guideline_changes_the_model(guideline: Guideline) -> None:
    layouts = [lay.model_dump() for lay in guideline.layouts[:1]]
    layouts[0]["id"] = "poster"
    schemes = [s.model_dump() for s in guideline.colour_schemes[-2:]]
    brand = {**guideline.brand.model_dump(), "hashtags": ["#北上"]}
    draft = {**guideline.draft.model_dump(), "headline_max_chars": 8, "highlights_max": 1}
    other = changed_guideline(guideline, layouts=layouts, colour_schemes=schemes, brand=brand,
                              draft=draft)

    model = draft_model(other)
    assert model is not draft_model(guideline)
    props = draft_properties(other)
    assert props["layout"]["enum"] == ["poster"]
    assert props["scheme"]["enum"] == [s["id"] for s in schemes]
    assert props["headline"]["maxLength"] == 8
    assert props["highlights"]["maxItems"] == 1

    ok = valid_draft(other, headline="北上で遊ぼう", hashtags=["#北上"])
    assert model.model_validate(ok).layout == "poster"
    for bad in ({"layout": guideline.layouts[0].id}, {"headline": "夏は北上で自然体験！"},
                {"hashtags": ["#KitaComing"]}, {"highlights": ["一つ目", "二つ目"]},
                {"scheme": guideline.colour_schemes[0].id}):
        with pytest.raises(ValidationError):
            model.model_validate({**ok, **bad})


def test_model_is_cached_per_guideline(guideline: Guideline) -> None:
    assert draft_model(guideline) is draft_model(guideline)
    assert draft_model(changed_guideline(guideline)) is draft_model(guideline)
    assert issubclass(draft_model(guideline), FlyerDraft)


def test_valid_draft_passes(guideline: Guideline) -> None:
    draft = draft_model(guideline).model_validate(valid_draft(guideline))
    assert isinstance(draft, FlyerDraft)


@pytest.mark.parametrize("field, value", [
    ("layout", "poster"),
    ("scheme", "neon"),
    ("logo_position", "centre"),
    ("headline", ""),
    ("headline", "あ" * 21),
    ("catch", "あ" * 41),
    ("summary", "あ" * 161),
    ("highlights", ["あ" * 31]),
    ("highlights", ["一", "二", "三", "四"]),
    ("hashtags", ["#北上"]),
    ("hashtags", ["#KitaComing", "#KitaComing"]),
])
def test_invalid_drafts_are_refused(guideline: Guideline, field: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        draft_model(guideline).model_validate(valid_draft(guideline, **{field: value}))


def test_unknown_fields_and_facts_are_refused(guideline: Guideline) -> None:
    with pytest.raises(ValidationError):
        draft_model(guideline).model_validate(valid_draft(guideline, date="2026-07-18"))


def test_logo_position_must_be_allowed_for_the_layout(guideline: Guideline) -> None:
    model = draft_model(guideline)
    for layout in guideline.layouts:
        for position in guideline.logo.positions:
            draft = valid_draft(guideline, layout=layout.id, logo_position=position.id)
            if position.id in layout.logo_positions:
                assert model.model_validate(draft).logo_position == position.id
            else:
                with pytest.raises(ValidationError, match="not allowed for layout"):
                    model.model_validate(draft)


@pytest.mark.parametrize("variants", [1, 3, 5])
def test_json_schema_for_structured_outputs(guideline: Guideline, variants: int) -> None:
    schema = draft_json_schema(guideline, variants)
    jsonschema.Draft202012Validator.check_schema(schema)
    array = schema["properties"]["variants"]
    assert array["minItems"] == array["maxItems"] == variants
    objects = [schema, *schema["$defs"].values()]
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    good = valid_draft(guideline)
    jsonschema.validate({"variants": [good] * variants}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"variants": [good] * (variants + 1)}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"variants": [{**good, "layout": "poster"}] * variants}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"variants": [{**good, "extra": 1}] * variants}, schema)


@pytest.mark.parametrize("variants", [0, -1, 6])
def test_json_schema_refuses_variant_counts_outside_the_guideline(
        guideline: Guideline, variants: int) -> None:
    assert guideline.draft.variants_max == 5
    with pytest.raises(ValueError, match="variants must be between 1 and 5"):
        draft_json_schema(guideline, variants)
