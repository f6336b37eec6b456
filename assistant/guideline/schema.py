"""JSON Schema of guideline files, for editors (yaml-language-server) and the web editor."""

from typing import Any

from assistant.guideline.model import Guideline


def guideline_json_schema() -> dict[str, Any]:
    schema = Guideline.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "KitaComing! flyer brand guideline"
    return schema
