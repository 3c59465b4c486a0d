"""Intake services: ingress (store exactly as received, then acknowledge), processing
(claim, prepare, conclude in one transaction), the Pejabat's inbox actions, the accounts,
the LAPOR! import and the watchdog. `__all__` is what other apps and the views may call."""

from .accounts import (
    connect_mailbox,
    connect_whatsapp,
    lapor_account,
    whatsapp_app_secrets,
    whatsapp_verify_tokens,
)
from .ingress import Stored, receive_whatsapp, store_message
from .processing import process, process_due

__all__ = [
    "Stored",
    "connect_mailbox",
    "connect_whatsapp",
    "lapor_account",
    "process",
    "process_due",
    "receive_whatsapp",
    "store_message",
    "whatsapp_app_secrets",
    "whatsapp_verify_tokens",
]
