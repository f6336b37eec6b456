"""Plain facts about Japanese text that the generator and the linter both read.

Only text conventions live here, never what a flyer is meant to say: the linter checks the
deck on its own and must not share the generator's intent.
"""

from __future__ import annotations

import unicodedata

WEEKDAYS_JA = "月火水木金土日"  # datetime.weekday() order: 月 is 0


def nfkc(text: str) -> str:
    """Full-width digits, letters and ：＃ as their ASCII forms, half-width katakana as full."""
    return unicodedata.normalize("NFKC", text)
