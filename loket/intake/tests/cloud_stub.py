"""A loopback stand-in for the WhatsApp Cloud API that checks what the real API checks:
the bearer token on every call (media info, the media download on its other host, sends),
the media URL's expiry, the message body's shape, the 24-hour customer-service window
(free text outside it fails with 131047), throttling (130429) when told to, and numbers the
provider refuses for good (131026, "Message undeliverable": not on WhatsApp)."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

VERSION = "v21.0"


@dataclass
class StubState:
    token: str
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # id -> (bytes, mime)
    url_lifetime: float = 300.0
    wrong_hash: set[str] = field(default_factory=set)
    window_open: set[str] = field(default_factory=set)  # wa_ids that wrote < 24 h ago
    throttle_next: int = 0
    not_on_whatsapp: set[str] = field(default_factory=set)  # wa_ids refused with 131026
    sent: list[dict] = field(default_factory=list)
    calls: list[tuple[str, str, bool]] = field(default_factory=list)  # method, path, authed
    counter: int = 0

    def add_media(self, media_id: str, content: bytes, mime: str) -> str:
        """Register media; returns the SHA-256 as the webhook carries it (base64)."""
        self.media[media_id] = (content, mime)
        return base64.b64encode(hashlib.sha256(content).digest()).decode()


def _error(code: int, message: str, status: int = 400) -> tuple[int, dict]:
    return status, {"error": {"message": message, "type": "OAuthException", "code": code}}


class _Handler(BaseHTTPRequestHandler):
    state: StubState
    base: str

    def log_message(self, *args):  # keep test output quiet
        pass

    def _authed(self) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {self.state.token}"

    def _reply(self, status: int, body, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        authed = self._authed()
        self.state.calls.append(("GET", url.path, authed))
        if not authed:
            return self._reply(*_error(190, "Invalid OAuth access token", 401))
        parts = url.path.strip("/").split("/")
        if parts[0] == "download" and len(parts) == 2:
            query = parse_qs(url.query)
            if float(query.get("expires", ["0"])[0]) < time.time():
                return self._reply(404, b"URL expired", "text/plain")
            media_id = parts[1]
            if media_id not in self.state.media:
                return self._reply(404, b"not found", "text/plain")
            content, mime = self.state.media[media_id]
            if media_id in self.state.wrong_hash:
                content = content + b"tampered"
            return self._reply(200, content, mime)
        if parts[0] == VERSION and len(parts) == 2:
            media_id = parts[1]
            if media_id not in self.state.media:
                return self._reply(
                    *_error(100, "Unsupported get request. Object does not exist", 400)
                )
            content, mime = self.state.media[media_id]
            expires = time.time() + self.state.url_lifetime
            return self._reply(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.base}/download/{media_id}?expires={expires}",
                    "mime_type": mime,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "file_size": len(content),
                    "id": media_id,
                },
            )
        return self._reply(404, b"unknown path", "text/plain")

    def do_POST(self):
        url = urlparse(self.path)
        authed = self._authed()
        self.state.calls.append(("POST", url.path, authed))
        if not authed:
            return self._reply(*_error(190, "Invalid OAuth access token", 401))
        parts = url.path.strip("/").split("/")
        if not (len(parts) == 3 and parts[0] == VERSION and parts[2] == "messages"):
            return self._reply(404, b"unknown path", "text/plain")
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self._reply(*_error(100, "Invalid JSON"))
        if self.state.throttle_next > 0:
            self.state.throttle_next -= 1
            return self._reply(*_error(130429, "Rate limit hit", 429))
        problem = self._check(body)
        if problem:
            return self._reply(*_error(100, problem))
        to = body["to"]
        if to in self.state.not_on_whatsapp:
            return self._reply(*_error(131026, "Message undeliverable"))
        if body["type"] == "text" and to not in self.state.window_open:
            return self._reply(*_error(131047, "Re-engagement message"))
        self.state.counter += 1
        message_id = f"wamid.OUT{self.state.counter}"
        self.state.sent.append({**body, "phone_number_id": parts[1], "id": message_id})
        return self._reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": message_id}],
            },
        )

    @staticmethod
    def _check(body: dict) -> str:
        if body.get("messaging_product") != "whatsapp":
            return "messaging_product must be whatsapp"
        if not str(body.get("to", "")).isdigit():
            return "to must be the recipient's number in digits"
        kind = body.get("type")
        if kind == "text":
            text = (body.get("text") or {}).get("body", "")
            if not text or len(text) > 4096:
                return "text.body must be 1-4096 characters"
            return ""
        if kind == "template":
            template = body.get("template") or {}
            if not template.get("name") or not (template.get("language") or {}).get("code"):
                return "template.name and template.language.code are required"
            for component in template.get("components") or []:
                for parameter in component.get("parameters") or []:
                    value = parameter.get("text", "")
                    if "\n" in value or "\t" in value or "     " in value:
                        return "Param text cannot have new-line/tab characters or 4+ spaces"
            return ""
        return f"unsupported type {kind}"


class CloudStub:
    def __init__(self, token: str):
        self.state = StubState(token=token)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        handler.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base = handler.base
        self.api_url = f"{self.base}/{VERSION}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CloudStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
