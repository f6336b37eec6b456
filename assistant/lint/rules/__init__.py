"""Every lint rule, registered by its code.

Each family module (L logo, M margins, C colour, T typography, I information, A images,
F file) defines `Rule` subclasses; importing them here registers every class that has a
`code`, so adding a rule touches its family module (and its test) only.
"""

from __future__ import annotations

import inspect
from types import ModuleType

from assistant.lint.rule import Registry, Rule
from assistant.lint.rules import colour, file, images, info, logo, margins, typography

FAMILIES: tuple[ModuleType, ...] = (logo, margins, colour, typography, info, images, file)


def _build_registry() -> Registry:
    registry = Registry()
    for module in FAMILIES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Rule) and "code" in cls.__dict__ and cls.__module__ == module.__name__:
                registry.add(cls)
    return registry


REGISTRY: Registry = _build_registry()


def all_rules() -> list[type[Rule]]:
    """Every rule class, sorted by code."""
    return REGISTRY.select()


__all__ = ["FAMILIES", "REGISTRY", "all_rules"]
