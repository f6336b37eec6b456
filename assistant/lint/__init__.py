"""The flyer linter: read a .pptx as PowerPoint shows it, check it against the guideline.

Public API: `read_deck`, `open_deck`, `DeckReadError` (reader); `lint_file`, `lint_paths`,
`FileReport` (api); reporters in `assistant.lint.report`; the CLI glue in
`assistant.lint.command`.
"""

from assistant.lint.package import DeckReadError
from assistant.lint.reader import open_deck, read_deck

__all__ = ["DeckReadError", "open_deck", "read_deck"]
