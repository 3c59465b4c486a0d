"""Polling an office's mailbox by IMAP (IMAPClient).

By UID, never by the Seen flag (a person reading the shared mailbox must not hide mail from
Loket): every message above the last UID stored is fetched with BODY.PEEK (the flags stay
as they were), stored with its raw bytes and committed, and only then moved to the done
folder (or flagged). A crash between the commit and the move leaves the message in the
inbox; the next poll finds it again, dedupe (Message-ID, else the SHA-256 of the bytes)
says it is stored, and it is moved then. The mailbox's UIDVALIDITY is checked on every
poll: a change means the UIDs were renumbered, so the folder is scanned from the start and
dedupe decides what is new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from imapclient import IMAPClient

from ..models import ChannelAccount
from ..services.ingress import sha256, store_message
from . import parse

logger = logging.getLogger("loket.intake")

FETCH_BATCH = 25
STORED_FLAG = b"$LoketStored"


@dataclass
class PollResult:
    stored: int = 0
    duplicates: int = 0
    rescanned: bool = False


def connect(account: ChannelAccount) -> IMAPClient:
    client = IMAPClient(
        account.host,
        port=account.port or (993 if account.use_ssl else 143),
        ssl=account.use_ssl,
        timeout=settings.LOKET_IMAP_TIMEOUT,
    )
    client.login(account.username, account.secret("password"))
    return client


def dedupe_key(raw: bytes, message_id: str) -> str:
    return f"mid:{message_id}" if message_id else f"sha256:{sha256(raw)}"


def _store(account: ChannelAccount, raw: bytes, now: datetime) -> bool:
    """Store one message's raw bytes (its own committed transaction); False if known."""
    headers = parse.headers_of(raw)
    message_id = parse.message_id_of(headers)
    sender, name = parse.sender_of(headers)
    subject = " ".join(str(headers.get("Subject", "") or "").split())
    stored = store_message(
        account=account,
        channel=account.channel,
        dedupe_key=dedupe_key(raw, message_id),
        raw=raw,
        raw_type="message/rfc822",
        now=now,
        provider_id=message_id[:255],
        sender=sender[:254],
        sender_name=name[:200],
        subject=subject[:500],
    )
    return stored is not None


def _acknowledge(client: IMAPClient, account: ChannelAccount, uid: int) -> None:
    """After the commit: move the message out of the inbox, or flag it stored."""
    if account.done_folder:
        client.move([uid], account.done_folder)
    else:
        client.add_flags([uid], [STORED_FLAG])


def poll(account: ChannelAccount, *, now: datetime | None = None, client=None) -> PollResult:
    """Fetch and store every new message of the account's folder."""
    now = now or timezone.now()
    result = PollResult()
    own = client is None
    client = client or connect(account)
    try:
        if account.done_folder and not client.folder_exists(account.done_folder):
            client.create_folder(account.done_folder)
        info = client.select_folder(account.folder)
        validity = int(info[b"UIDVALIDITY"])
        if account.uidvalidity != validity:
            result.rescanned = account.uidvalidity is not None
            ChannelAccount.objects.filter(pk=account.pk).update(uidvalidity=validity, last_uid=0)
            account.uidvalidity, account.last_uid = validity, 0
        # "n:*" always names the last message, even below n: filter by UID ourselves.
        uids = sorted(
            u for u in client.search(["UID", f"{account.last_uid + 1}:*"]) if u > account.last_uid
        )
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            fetched = client.fetch(batch, [b"BODY.PEEK[]"])
            for uid in batch:
                raw = fetched.get(uid, {}).get(b"BODY[]")
                if raw is None:
                    continue  # expunged meanwhile
                if _store(account, raw, now):
                    result.stored += 1
                else:
                    result.duplicates += 1
                _acknowledge(client, account, uid)
                ChannelAccount.objects.filter(pk=account.pk).update(last_uid=uid)
                account.last_uid = uid
        ChannelAccount.objects.filter(pk=account.pk).update(last_polled_at=now, last_poll_error="")
    except Exception as exc:
        ChannelAccount.objects.filter(pk=account.pk).update(
            last_poll_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    finally:
        if own:
            try:
                client.logout()
            except Exception:  # the connection may already be gone
                logger.debug("IMAP logout failed", exc_info=True)
    return result


def poll_all(now: datetime | None = None) -> dict[int, PollResult | str]:
    """Poll every active mailbox; one mailbox failing never stops the others."""
    results: dict[int, PollResult | str] = {}
    for account in ChannelAccount.objects.filter(provider="imap", is_active=True):
        try:
            results[account.pk] = poll(account, now=now)
        except Exception as exc:
            logger.warning("polling mailbox %s failed: %s", account.pk, exc)
            results[account.pk] = f"{type(exc).__name__}: {exc}"
    return results
