"""The `flyer` command. Each sub-command is a thin shell over one stage's public API."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

from assistant.guideline import GuidelineError, check_guideline

app = typer.Typer(
    help="KitaComing! flyer assistant: make, check and render brand-compliant A4 flyers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
guideline_app = typer.Typer(help="Work with brand guideline files.", no_args_is_help=True)
app.add_typer(guideline_app, name="guideline")

err = Console(stderr=True, highlight=False, soft_wrap=True)


@guideline_app.command("check")
def guideline_check(file: Path = typer.Argument(..., help="Guideline YAML file")) -> None:
    """Validate a guideline file: exit 0 if valid, 2 with file:line:column messages if not."""
    problems = check_guideline(file)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if problems:
        raise typer.Exit(2)
    print(f"{file}: OK")


@guideline_app.command("schema")
def guideline_schema() -> None:
    """Print the JSON Schema of guideline files (for editors)."""
    from assistant.guideline.schema import guideline_json_schema

    print(json.dumps(guideline_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point: runs the app and turns unexpected errors into a message, not a traceback."""
    try:
        app()
    except GuidelineError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
