"""The `flyer` command. Each sub-command is a thin shell over one stage's public API.

Exit codes (like ruff): 0 = fine, 1 = findings (lint/template check), 2 = bad input or usage.
Nothing here prints a traceback: expected errors become one clear message each.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from assistant.guideline import GuidelineError, check_guideline, print_problems

app = typer.Typer(
    help="KitaComing! flyer assistant: make, check and render brand-compliant A4 flyers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
guideline_app = typer.Typer(help="Work with brand guideline files.", no_args_is_help=True)
template_app = typer.Typer(help="Work with PowerPoint templates.", no_args_is_help=True)
app.add_typer(guideline_app, name="guideline")
app.add_typer(template_app, name="template")

GuidelineOpt = typer.Option(
    None, "--guideline",
    help="Guideline YAML (default: the version published in the web app, else the shipped one)",
)


def guideline_in_force(option: Path | None) -> Path | None:
    """--guideline if given; else the version PR staff published in the web app, so that the
    command line and the web app check against the same rules; else None (the shipped one)."""
    if option is not None:
        return option
    from assistant.guideline.publish import current_guideline_path, current_version

    version = current_version()
    if version is None:
        return None
    path = current_guideline_path()
    print(f"ガイドライン: 公開中の {version.label} を使います（{path}）", file=sys.stderr)
    return path


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


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


@template_app.command("check")
def template_check(
    file: Path = typer.Argument(..., help="Template .pptx"),
    guideline: Path | None = GuidelineOpt,
) -> None:
    """Check a template against the guideline: exit 0, or 1 with findings, 2 if unreadable."""
    from assistant.pptx.template_check import run_template_check

    raise typer.Exit(run_template_check(file, guideline_in_force(guideline)))


@template_app.command("build")
def template_build(
    out: Path | None = typer.Option(None, "--out", help="Output .pptx (default: shipped path)"),
    guideline: Path | None = GuidelineOpt,
) -> None:
    """Rebuild the official template from the guideline (reproducible)."""
    from assistant.pptx.template_build import run_template_build

    raise typer.Exit(run_template_build(out, guideline))


@app.command("make")
def make(
    event: Path = typer.Option(..., "--event", help="Event JSON file"),
    out: Path = typer.Option(..., "--out", help="Output .pptx"),
    pdf: Path | None = typer.Option(None, "--pdf", help="Also write a print PDF"),
    png: Path | None = typer.Option(None, "--png", help="Also write a PNG preview"),
    offline: bool = typer.Option(False, "--offline", help="Use the offline drafter (no LLM)"),
    guideline: Path | None = GuidelineOpt,
    variants: int = typer.Option(1, "--variants", min=1, help="Number of variants"),
) -> None:
    """Make a compliant flyer from event information."""
    from assistant.make import run_make_command

    raise typer.Exit(run_make_command(
        event=event, out=out, pdf=pdf, png=png, offline=offline,
        guideline=guideline_in_force(guideline), variants=variants,
    ))


@app.command("lint")
def lint(
    paths: list[Path] = typer.Argument(..., help=".pptx files or directories"),
    format: LintFormat = typer.Option(LintFormat.text, "--format", help="Output format"),
    fix: bool = typer.Option(False, "--fix", help="Write safe fixes to NAME.fixed.pptx"),
    fix_out: Path | None = typer.Option(None, "--fix-out", help="Where to write the fixed file"),
    guideline: Path | None = GuidelineOpt,
    annotate: Path | None = typer.Option(None, "--annotate", help="Write annotated PNGs here"),
    select: str | None = typer.Option(None, "--select", help="Rule codes/prefixes, comma-separated"),
    ignore: str | None = typer.Option(None, "--ignore", help="Rule codes/prefixes to skip"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Parallel processes (0 = CPU count)"),
) -> None:
    """Check .pptx files against the guideline. Exit 0: no errors, 1: errors, 2: unreadable."""
    from assistant.lint.command import run_lint_command

    raise typer.Exit(run_lint_command(
        paths=paths, format=format.value, fix=fix, fix_out=fix_out,
        guideline=guideline_in_force(guideline),
        annotate=annotate, select=select, ignore=ignore, jobs=jobs,
    ))


@app.command("rules")
def rules(guideline: Path | None = GuidelineOpt) -> None:
    """List every lint rule with its code and summary."""
    from assistant.lint.command import print_rules

    raise typer.Exit(print_rules(guideline_in_force(guideline)))


@app.command("rule")
def rule(code: str = typer.Argument(..., help="Rule code, e.g. L001")) -> None:
    """Show the documentation of one lint rule."""
    from assistant.lint.command import print_rule

    raise typer.Exit(print_rule(code))


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(7860, "--port"),
) -> None:
    """Start the web app (Japanese UI)."""
    from assistant.web.app import serve as serve_app

    serve_app(host=host, port=port)


def main() -> None:
    """Entry point: runs the app and turns expected errors into a message, not a traceback."""
    try:
        app()
    except GuidelineError as exc:
        print_problems(exc)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
