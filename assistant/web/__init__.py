"""The Japanese web app (Gradio): make a flyer, check a .pptx, keep the guideline, usage.

`build_app(settings)` and `serve(host, port)` live in `assistant.web.app`; they are loaded on
first use so that importing this package does not import Gradio.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_app", "serve"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from assistant.web import app

        return getattr(app, name)
    raise AttributeError(name)
