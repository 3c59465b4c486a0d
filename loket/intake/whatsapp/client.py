"""A small client of the WhatsApp Cloud API (Graph API) for one business number: media
retrieval (media id -> short-lived URL -> bytes, both with the bearer token) and sending
text or template messages.

The base URL comes from the setting `LOKET_WHATSAPP_API_URL` (the Graph API with its
version), so tests point it at a loopback stub that checks what the real API checks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import httpx
from django.conf import settings

# Graph API error codes that mean "try again later" (throttling), per Meta's error list:
# 4 app rate limit, 80007 WABA rate limit, 130429 throughput, 131056 pair rate limit,
# 131016 service unavailable, 2 temporary.
RETRYABLE_CODES = {2, 4, 80007, 130429, 131016, 131056}
# 131047: more than 24 hours since the customer last wrote (re-engagement message).
OUTSIDE_WINDOW_CODE = 131047
# Codes that fail the same way however often the same message is sent (Meta's error list):
# 131026 message undeliverable (the number is not on WhatsApp or cannot receive it),
# 131030 recipient not in the allowed list (a test number), 131009 a parameter value is not
# valid (a malformed number), 131051 unsupported message type. The outbox stops retrying.
PERMANENT_CODES = {131009, 131026, 131030, 131051}


class CloudApiError(Exception):
    def __init__(self, message: str, *, status: int = 0, code: int = 0, retryable: bool = False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.retryable = retryable

    @property
    def permanent(self) -> bool:
        return self.code in PERMANENT_CODES


class MediaExpired(CloudApiError):
    """The media id or its URL is no longer available at the provider."""


class MediaTooLarge(CloudApiError):
    pass


@dataclass
class Media:
    content: bytes
    mime_type: str
    sha256: str  # hex of the bytes received
    declared_sha256: str


def sha256_matches(content: bytes, declared: str) -> bool:
    """The provider's SHA-256 (hex, or base64 as webhooks carry it) against the bytes."""
    if not declared:
        return True
    digest = hashlib.sha256(content).digest()
    declared = declared.strip()
    if len(declared) == 64:
        try:
            return bytes.fromhex(declared) == digest
        except ValueError:
            pass
    try:
        return base64.b64decode(declared + "=" * (-len(declared) % 4)) == digest
    except (binascii.Error, ValueError):
        return False


def _error(response: httpx.Response) -> CloudApiError:
    try:
        body = response.json().get("error") or {}
    except ValueError:
        body = {}
    code = int(body.get("code") or 0)
    message = str(body.get("message") or response.reason_phrase)
    retryable = response.status_code == 429 or response.status_code >= 500
    retryable |= code in RETRYABLE_CODES
    return CloudApiError(
        f"HTTP {response.status_code} code {code}: {message}"[:500],
        status=response.status_code,
        code=code,
        retryable=retryable,
    )


class _Transport(httpx.BaseTransport):
    """httpx's transport with its network errors turned into retryable CloudApiErrors."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self.inner.handle_request(request)
        except httpx.TransportError as exc:
            raise CloudApiError(f"network: {exc}", retryable=True) from exc

    def close(self) -> None:
        self.inner.close()


class CloudApi:
    def __init__(self, *, access_token: str, phone_number_id: str = "", base_url: str = ""):
        self.base_url = (base_url or settings.LOKET_WHATSAPP_API_URL).rstrip("/")
        self.phone_number_id = phone_number_id
        self.http = httpx.Client(
            timeout=httpx.Timeout(settings.LOKET_WHATSAPP_TIMEOUT),
            headers={"Authorization": f"Bearer {access_token}"},
            follow_redirects=False,
            transport=_Transport(),
        )

    @classmethod
    def for_account(cls, account) -> CloudApi:
        return cls(access_token=account.secret("access_token"), phone_number_id=account.external_id)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CloudApi:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- Media -----------------------------------------------------------------------
    def fetch_media(self, media_id: str, *, declared_sha256: str, max_bytes: int) -> Media:
        """Retrieve the URL of `media_id` and download it at once (the URL lives minutes,
        the id days); the bytes must match the SHA-256 the provider declared."""
        response = self.http.get(f"{self.base_url}/{media_id}")
        if response.status_code in (400, 404) and "does not exist" in response.text.lower():
            raise MediaExpired(f"media {media_id} no longer exists", status=response.status_code)
        if response.status_code >= 400:
            raise _error(response)
        info = response.json()
        size = int(info.get("file_size") or 0)
        if size > max_bytes:
            raise MediaTooLarge(f"media is {size} bytes", status=200)
        declared = declared_sha256 or str(info.get("sha256") or "")
        with self.http.stream("GET", info["url"]) as download:
            if download.status_code in (403, 404, 410):
                raise MediaExpired(
                    f"media URL answered {download.status_code}", status=download.status_code
                )
            if download.status_code >= 400:
                download.read()
                raise _error(download)
            chunks: list[bytes] = []
            total = 0
            for chunk in download.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise MediaTooLarge(f"media is over {max_bytes} bytes", status=200)
                chunks.append(chunk)
        content = b"".join(chunks)
        if not sha256_matches(content, declared):
            raise CloudApiError("media does not match its declared SHA-256", retryable=True)
        return Media(
            content=content,
            mime_type=str(info.get("mime_type") or ""),
            sha256=hashlib.sha256(content).hexdigest(),
            declared_sha256=declared,
        )

    # --- Sending ---------------------------------------------------------------------
    def _send(self, payload: dict) -> str:
        response = self.http.post(
            f"{self.base_url}/{self.phone_number_id}/messages",
            json={"messaging_product": "whatsapp", "recipient_type": "individual", **payload},
        )
        if response.status_code >= 400:
            raise _error(response)
        return str(response.json()["messages"][0]["id"])

    def send_text(self, *, to: str, body: str) -> str:
        """A free-form text (only inside the 24-hour customer-service window)."""
        return self._send(
            {
                "to": to.lstrip("+"),
                "type": "text",
                "text": {"preview_url": False, "body": body[:4096]},
            }
        )

    def send_template(self, *, to: str, name: str, language: str, parameters: list[str]) -> str:
        """An approved template (outside the window), its body variables filled in order."""
        components = []
        if parameters:
            components.append(
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": p[:1024]} for p in parameters],
                }
            )
        return self._send(
            {
                "to": to.lstrip("+"),
                "type": "template",
                "template": {
                    "name": name,
                    "language": {"code": language},
                    "components": components,
                },
            }
        )
