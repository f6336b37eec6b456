"""The brand guideline: schema, loading and saving."""

from assistant.guideline.io import (
    DEFAULT_GUIDELINE,
    GuidelineError,
    Problem,
    check_guideline,
    load_guideline,
    load_guideline_or_report,
    parse_guideline,
    print_problems,
)
from assistant.guideline.model import EMU_PER_MM, EMU_PER_PT, Guideline

__all__ = [
    "DEFAULT_GUIDELINE",
    "EMU_PER_MM",
    "EMU_PER_PT",
    "Guideline",
    "GuidelineError",
    "Problem",
    "check_guideline",
    "load_guideline",
    "load_guideline_or_report",
    "parse_guideline",
    "print_problems",
]
