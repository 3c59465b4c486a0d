"""Senders for WhatsApp and SMS. The interface is one method. Without a gateway
(`settings.LOKET_TEXT_SENDER` left at its default) messages stay recorded in the outbox and
are marked as not delivered, with one clear warning in the log: a deployment never believes
it texted someone when it did not."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("loket.notify")


class TextSender(Protocol):
    def send(self, *, channel: str, to: str, body: str) -> None:
        """Deliver `body` to `to`; raise on failure so the outbox retries.

        A sender that reaches no real gateway sets the class attribute `delivers = False`:
        the outbox then marks its messages `not_delivered` instead of `sent`."""


class LoggingSender:
    """The default without a gateway: delivers nothing. It warns once per process, and never
    writes the number or the text to the log (personal data, UU 27/2022)."""

    delivers = False
    _warned = False

    def send(self, *, channel: str, to: str, body: str) -> None:
        if not LoggingSender._warned:
            LoggingSender._warned = True
            logger.warning(
                "No text gateway configured (LOKET_TEXT_SENDER): WhatsApp and SMS messages "
                "are kept in the outbox as not delivered."
            )


def text_sender() -> TextSender:
    sender: TextSender = import_string(settings.LOKET_TEXT_SENDER)()
    return sender


def delivers(sender: TextSender) -> bool:
    """Whether `sender` hands messages to a real gateway."""
    return bool(getattr(sender, "delivers", True))
