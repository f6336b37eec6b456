"""Text role detection: which typography role (title, body, ...) a text shape plays.

Order of evidence: the placeholder type (a title placeholder is the title), then the shape name
(the generator and the template name shapes by role: `Title`, `Catch`, `Contact`, ...), then
the default `body`. Names are hints only: the absolute minimum size applies to every role.
"""

from __future__ import annotations

import re

from assistant.guideline.model import Guideline
from assistant.lint.model import Shape

TITLE_PLACEHOLDERS = {"title", "ctrTitle"}
# names that are not role keys but mean one (generator and template shape names)
NAME_ALIASES = {
    "highlights": "body",
    "qr label": "caption",
    "qrlabel": "caption",
    "subtitle": "catch",
    "タイトル": "title",
    "見出し": "headline",
    "本文": "body",
    "問い合わせ": "contact",
}


def _name_key(name: str) -> str:
    # "Title 1", "Body_2", "Contact (copy)" -> "title", "body", "contact"
    return re.sub(r"[\s_\-]*(\d+|\(.*\))?$", "", name.strip()).lower()


def role_of(shape: Shape, guideline: Guideline) -> str:
    """A key of guideline.typography.roles."""
    if shape.placeholder_type in TITLE_PLACEHOLDERS:
        return "title"
    for name in (shape.name, shape.layout_placeholder_name):
        role = _role_from_name(name, guideline) if name else None
        if role:
            return role
    return "body"


def _role_from_name(name: str, guideline: Guideline) -> str | None:
    key = _name_key(name)
    if key in guideline.typography.roles:
        return key
    alias = NAME_ALIASES.get(key)
    return alias if alias in guideline.typography.roles else None
