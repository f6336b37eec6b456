"""What every tab of the app shares: settings, the ledger, admin sessions, the guideline."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.guideline import Guideline
from assistant.guideline.publish import current_version, load_current_guideline
from assistant.ledger import Ledger
from assistant.web.auth import Sessions
from assistant.web.settings import WebSettings


@dataclass
class AppContext:
    settings: WebSettings
    ledger: Ledger
    sessions: Sessions

    @classmethod
    def create(cls, settings: WebSettings | None = None) -> AppContext:
        settings = settings or WebSettings()
        ledger = Ledger(settings.data_dir / "ledger", keep_files=settings.keep_files)
        return cls(settings=settings, ledger=ledger, sessions=Sessions(settings))


def guideline_now() -> tuple[Guideline, str]:
    """The guideline in force for this request, and its label (「公開版 v3」 or 「初期版」)."""
    guideline = load_current_guideline()
    version = current_version()
    return guideline, (f"公開版 {version.label}" if version else "初期版（リポジトリの版）")
