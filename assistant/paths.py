"""Where the project's shipped data lives (guidelines, templates, assets, prompts)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "assets"
PROMPTS = PROJECT_ROOT / "prompts"
TEMPLATES = PROJECT_ROOT / "templates" / "pptx"
