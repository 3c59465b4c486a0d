"""Intake services: ingress (store exactly as received, then acknowledge), processing
(claim, prepare, conclude in one transaction), the Pejabat's inbox actions, the accounts,
the LAPOR! import, the watchdog and the retention of raw messages. `__all__` is what other
apps and the views may call."""

from . import retention
from .accounts import (
    connect_mailbox,
    connect_whatsapp,
    lapor_account,
    whatsapp_app_secrets,
    whatsapp_verify_tokens,
)
from .inbox import IntakeError, dismiss, join_complaint, make_complaint, mark_spam, prefill
from .ingress import Stored, receive_whatsapp, store_message
from .processing import process, process_due

__all__ = [
    "IntakeError",
    "Stored",
    "connect_mailbox",
    "connect_whatsapp",
    "dismiss",
    "join_complaint",
    "lapor_account",
    "make_complaint",
    "mark_spam",
    "prefill",
    "process",
    "process_due",
    "receive_whatsapp",
    "retention",
    "store_message",
    "whatsapp_app_secrets",
    "whatsapp_verify_tokens",
]
