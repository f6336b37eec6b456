"""A scriptable fake OpenAI-compatible server on 127.0.0.1 (random port), for tests.

Tests queue replies (`reply_content`, `reply_error`, ...) and read back what the real `openai`
client sent (`requests`). Each POST to /v1/chat/completions takes the next reply; with none
left the server answers 500 with a message that says so, so a test that under-scripts fails
loudly instead of hanging.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Tell the client to retry soon instead of after its default back-off (keeps tests fast).
FAST_RETRY_HEADERS = {"retry-after-ms": "10"}


@dataclass
class ScriptedReply:
    status: int
    body: dict[str, Any] | str
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.body.get("response_format")

    def text_of(self, role: str) -> str:
        """All message contents of one role, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.messages if m["role"] == role)


def completion_body(content: str | None, *, refusal: str | None = None,
                    model: str = "fake-model", prompt_tokens: int = 100,
                    completion_tokens: int = 50) -> dict[str, Any]:
    """A chat.completion object as OpenAI returns it."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": content, "refusal": refusal},
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def error_body(message: str, *, param: str | None = None,
               error_type: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type, "param": param, "code": None}}


class FakeOpenAI:
    """Context manager: `with FakeOpenAI() as server: ... server.base_url ...`."""

    def __init__(self) -> None:
        self.replies: deque[ScriptedReply] = deque()
        self.requests: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)

    # --- scripting ----------------------------------------------------------------------
    def reply_content(self, content: str | dict[str, Any], **kwargs: Any) -> None:
        """Answer with this assistant message (a dict is sent as its JSON text)."""
        text = json.dumps(content, ensure_ascii=False) if isinstance(content, dict) else content
        delay = kwargs.pop("delay_s", 0.0)
        self.replies.append(ScriptedReply(200, completion_body(text, **kwargs), delay))

    def reply_refusal(self, refusal: str) -> None:
        self.replies.append(ScriptedReply(200, completion_body(None, refusal=refusal)))

    def reply_error(self, status: int, message: str, *, param: str | None = None) -> None:
        self.replies.append(ScriptedReply(status, error_body(message, param=param),
                                          headers=dict(FAST_RETRY_HEADERS)))

    def reply_raw(self, status: int, text: str) -> None:
        self.replies.append(ScriptedReply(status, text))

    # --- reading back -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def completions(self) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # --- lifecycle ----------------------------------------------------------------------
    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, request: ReceivedRequest) -> ScriptedReply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        return ScriptedReply(500, error_body("fake server: no scripted reply left",
                                             error_type="server_error"))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # keep test output clean

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [
                        {"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}]})
                else:
                    self._send(404, error_body(f"no route {self.path}"))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_unparsed": raw.decode("utf-8", "replace")}
                headers = {name.lower(): value for name, value in self.headers.items()}
                request = ReceivedRequest("POST", self.path, headers, body)
                reply = fake._next_reply(request)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                self._send(reply.status, reply.body, reply.headers)

            def _send(self, status: int, body: dict[str, Any] | str,
                      headers: dict[str, str] | None = None) -> None:
                is_json = isinstance(body, dict)
                payload = (json.dumps(body, ensure_ascii=False) if is_json else body).encode()
                try:
                    self.send_response(status)
                    content_type = "application/json" if is_json else "text/plain"
                    self.send_header("content-type", f"{content_type}; charset=utf-8")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        return Handler
