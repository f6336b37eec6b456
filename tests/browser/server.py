"""Start `flyer serve` on a free loopback port with its own data dir, for web tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.paths import PROJECT_ROOT

ADMIN_USER = "pr-staff"
ADMIN_PASSWORD = "test-only-password"  # a throwaway credential for the test server only


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not start in {timeout}s:\n{log.read_text()[-3000:]}")


@contextmanager
def running_server(tmp: Path, admin: bool = True, extra_env: dict[str, str] | None = None
                   ) -> Iterator[Server]:
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"OPENAI_BASE_URL", "OPENAI_API_KEY", "FLYER_MODEL"}
           and not k.startswith("FLYER_ADMIN")}
    env |= {"PYTHONPATH": str(PROJECT_ROOT), "FLYER_DATA_DIR": str(tmp / "data"),
            "GRADIO_TEMP_DIR": str(tmp / "gradio"), "GRADIO_ANALYTICS_ENABLED": "False"}
    if admin:
        env |= {"FLYER_ADMIN_USER": ADMIN_USER, "FLYER_ADMIN_PASSWORD": ADMIN_PASSWORD}
    env |= extra_env or {}
    log = tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, proc, log, timeout=90)
        yield Server(url, tmp / "data", log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
