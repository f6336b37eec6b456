"""Login for the guideline tab (PR staff).

Credentials come from FLYER_ADMIN_USER + FLYER_ADMIN_PASSWORD, or from a file named by
FLYER_ADMIN_FILE with one `user:secret` per line, where secret is a password or a hash made by
`python -m assistant.web.auth hash` (`pbkdf2_sha256$iterations$salt$hash`). The file must
lie outside the repository. With neither configured, nobody can log in and the tab says how to
configure it. Sessions are random tokens kept on the server; every admin action checks one.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.paths import PROJECT_ROOT
from assistant.web.settings import WebSettings

PBKDF2_ITERATIONS = 200_000
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60.0


class AuthConfigError(Exception):
    """The login is not configured or configured wrongly; the message is Japanese."""


def hash_password(password: str, iterations: int = PBKDF2_ITERATIONS) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def _secret_matches(secret: str, password: str) -> bool:
    if secret.startswith("pbkdf2_sha256$"):
        try:
            _, iterations, salt, expected = secret.split("$")
            digest = hashlib.pbkdf2_hmac(
                "sha256", password.encode(), bytes.fromhex(salt), int(iterations))
        except ValueError:
            return False
        return hmac.compare_digest(digest.hex(), expected)
    return hmac.compare_digest(secret.encode(), password.encode())


def load_credentials(settings: WebSettings) -> dict[str, str]:
    """user -> secret. Raises AuthConfigError (Japanese) when nothing usable is configured."""
    if settings.admin_file is not None:
        return _credentials_from_file(settings.admin_file)
    if settings.admin_user and settings.admin_password:
        return {settings.admin_user: settings.admin_password}
    raise AuthConfigError(
        "管理者のログインが設定されていません。サーバーの環境変数 `FLYER_ADMIN_USER` と "
        "`FLYER_ADMIN_PASSWORD`、または `FLYER_ADMIN_FILE`（リポジトリの外のファイル）を設定して、"
        "アプリを起動しなおしてください。くわしくは `docs/web.md` を見てください。")


def _credentials_from_file(path: Path) -> dict[str, str]:
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(PROJECT_ROOT):
        raise AuthConfigError(
            "FLYER_ADMIN_FILE がリポジトリの中を指しています。パスワードのファイルは"
            "リポジトリの外に置いてください。")
    try:
        lines = resolved.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise AuthConfigError(f"FLYER_ADMIN_FILE のファイル「{resolved}」を読めません。") from None
    credentials = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        user, secret = line.split(":", 1)
        credentials[user.strip()] = secret.strip()
    if not credentials:
        raise AuthConfigError(f"FLYER_ADMIN_FILE「{resolved}」に「ユーザー名:パスワード」の行がありません。")
    return credentials


@dataclass
class Session:
    user: str
    expires: float


class Sessions:
    """Server-side login sessions with expiry, and a short lockout after repeated failures."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._sessions: dict[str, Session] = {}
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def login(self, user: str, password: str) -> str:
        """A new session token, or AuthConfigError with a Japanese reason."""
        credentials = load_credentials(self.settings)
        user = user.strip()
        with self._lock:
            count, since = self._failures.get(user, (0, 0.0))
            if count >= MAX_FAILURES and time.monotonic() - since < LOCKOUT_SECONDS:
                raise AuthConfigError("失敗が続いたため、しばらく待ってからもう一度ためしてください。")
        secret = credentials.get(user)
        # compare against something even for unknown users, so timing says nothing
        ok = _secret_matches(secret if secret is not None else "x" * 16, password)
        with self._lock:
            if not (ok and secret is not None):
                self._failures[user] = (count + 1, time.monotonic())
                raise AuthConfigError("ユーザー名かパスワードが違います。")
            self._failures.pop(user, None)
            token = secrets.token_urlsafe(32)
            expires = time.monotonic() + self.settings.session_hours * 3600
            self._sessions[token] = Session(user, expires)
        return token

    def user_for(self, token: str | None) -> str | None:
        if not token:
            return None
        with self._lock:
            session = self._sessions.get(token)
            if session is None or session.expires < time.monotonic():
                self._sessions.pop(token, None)
                return None
            return session.user

    def logout(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


def main(argv: list[str]) -> int:
    """`python -m assistant.web.auth hash`: print a hash for FLYER_ADMIN_FILE."""
    if argv[:1] != ["hash"]:
        print("usage: python -m assistant.web.auth hash", file=sys.stderr)
        return 2
    password = getpass.getpass("password: ")
    if not password:
        print("empty password", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
