"""The flyer linter: read a .pptx as PowerPoint shows it, check it against the guideline.

Public API:
- `read_deck(path, max_pixels=None) -> Deck`, `open_deck(...)`, `DeckReadError` (reader);
- `lint_file(path, guideline, select=None, ignore=None) -> FileReport`,
  `lint_paths(paths, guideline, select=None, ignore=None, jobs=0) -> list[FileReport]` (api);
- reporters: `assistant.lint.report` (text, JSON), `assistant.lint.sarif` (SARIF 2.1.0);
- `assistant.lint.annotate.annotate_report`, the CLI glue `assistant.lint.command`,
  rule docs `assistant.lint.docs`, scoring `assistant.lint.score`.
"""

from assistant.lint.api import FileReport, lint_file, lint_paths
from assistant.lint.package import DeckReadError
from assistant.lint.reader import open_deck, read_deck

__all__ = ["DeckReadError", "FileReport", "lint_file", "lint_paths", "open_deck", "read_deck"]
