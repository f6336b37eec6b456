"""Rule selection (ruff-like prefixes) from the command line and from pyproject.toml.

    [tool.flyer.lint]
    select = ["L", "C001"]   # only these codes / prefixes (default: every rule)
    ignore = ["T003"]        # never these

The nearest pyproject.toml upward from the linted file (else from the current directory)
that has a [tool.flyer.lint] table is used. `--select` on the command line replaces the
configured select; `--ignore` adds to the configured ignore.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class ConfigError(ValueError):
    """A bad selection or a bad [tool.flyer.lint] table (message in Japanese)."""


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    source: str | None = None  # the pyproject.toml it came from


def parse_codes(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...] | None:
    """"L,C001" or ["L", "C001"] -> ("L", "C001"); None or empty -> None."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = tuple(str(item).strip().upper() for item in items if str(item).strip())
    return codes or None


def check_codes(codes: tuple[str, ...] | None, known: list[str], what: str) -> None:
    for code in codes or ():
        if not any(k.startswith(code) for k in known):
            raise ConfigError(f"{what}: {code} に当てはまるルールがありません（`flyer rules` で一覧）。")


@lru_cache(maxsize=256)
def _config_in(directory: Path) -> Selection | None:
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{candidate} を読めません: {exc}") from None
        table = data.get("tool", {}).get("flyer", {}).get("lint")
        if table is None:
            continue
        if not isinstance(table, dict) or set(table) - {"select", "ignore"}:
            raise ConfigError(f"{candidate}: [tool.flyer.lint] に書けるのは select と ignore だけです。")
        return Selection(parse_codes(table.get("select")), parse_codes(table.get("ignore")) or (),
                         str(candidate))
    return None


def configured_selection(path: Path, cwd: Path | None = None) -> Selection:
    start = path.resolve()
    found = _config_in(start if start.is_dir() else start.parent)
    if found is None:
        found = _config_in((cwd or Path.cwd()).resolve())
    return found or Selection()


def effective_selection(path: Path, cli_select: tuple[str, ...] | None,
                        cli_ignore: tuple[str, ...] | None) -> Selection:
    configured = configured_selection(path)
    select = cli_select if cli_select is not None else configured.select
    ignore = (*configured.ignore, *(cli_ignore or ()))
    return Selection(select, ignore, configured.source)
