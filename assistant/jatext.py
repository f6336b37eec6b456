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


# Full stops and commas that, like closing brackets and quotes, stay with a Latin word or number
# written right after them.
_FULL_STOPS_AND_COMMAS = frozenset("。、，．.,｡､")


def keeps_following_word(char: str) -> bool:
    """No line break between char and a Latin letter or digit right after it.

    LibreOffice keeps 「。）38188Kitakami」「」Kitakami」「、2026」 together, after closing
    brackets and quotes, full stops and commas; after 「・／！？：…」 it breaks (measured with
    LibreOffice 7.4 on a narrow text box).
    """
    return unicodedata.category(char) in ("Pe", "Pf") or char in _FULL_STOPS_AND_COMMAS
