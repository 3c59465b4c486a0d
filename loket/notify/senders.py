"""Senders for WhatsApp and SMS. The interface is one method; the default backend only logs,
so a deployment without a gateway still records every message in the outbox."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("loket.notify")


class TextSender(Protocol):
    def send(self, *, channel: str, to: str, body: str) -> None:
        """Deliver `body` to `to`; raise on failure so the outbox retries."""


class LoggingSender:
    """Writes the message to the log; stands in until a gateway backend is configured."""

    def send(self, *, channel: str, to: str, body: str) -> None:
        logger.info("%s message to %s: %s", channel, to, body)


def text_sender() -> TextSender:
    path = getattr(settings, "LOKET_TEXT_SENDER", "loket.notify.senders.LoggingSender")
    return import_string(path)()
