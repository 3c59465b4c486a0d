"""What providers call: the WhatsApp Cloud API webhook. The view verifies, stores the raw
delivery in one transaction (services.receive_whatsapp), and only after the commit answers
200. A database that is down answers 5xx, so the provider delivers again later."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .whatsapp import webhook

logger = logging.getLogger("loket.intake")


def _verify_tokens() -> list[str]:
    tokens = [settings.LOKET_WHATSAPP_VERIFY_TOKEN]
    tokens += services.whatsapp_verify_tokens()
    return [t for t in tokens if t]


def _handshake(request) -> HttpResponse:
    """Meta's subscription check: echo hub.challenge when the verify token is ours."""
    mode = request.GET.get("hub.mode", "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    matched = False
    for candidate in _verify_tokens():
        matched |= hmac.compare_digest(candidate.encode(), token.encode())
    if mode == "subscribe" and matched and challenge:
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponseForbidden("verification failed")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":
        return _handshake(request)
    raw = request.body
    signature = request.headers.get("X-Hub-Signature-256", "")
    # The deployment's app secret first (no query); an office with its own Meta app next.
    if not webhook.verify_signature(
        raw, signature, [settings.LOKET_WHATSAPP_APP_SECRET]
    ) and not webhook.verify_signature(raw, signature, services.whatsapp_app_secrets()):
        return HttpResponseForbidden("bad signature")
    try:
        stored = services.receive_whatsapp(raw)
    except ValueError:
        return HttpResponseBadRequest("not a JSON object")
    except DatabaseError:
        logger.exception("webhook delivery not stored; the provider will retry")
        return HttpResponse("not stored, retry", status=503)
    return HttpResponse(
        f"stored {len(stored.new)}, duplicates {stored.duplicates}", content_type="text/plain"
    )
