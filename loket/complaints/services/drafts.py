"""Evidence a citizen uploads to the web form before sending it: kept under
`complaints/draft/<random>/` (the draft itself lives in the session) until the complaint is
sent (the files then move to the complaint) or removed. A draft file older than a session
can live can never be sent: the periodic purge deletes it."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from loket.uploads import stored_name

from .receipt import Upload

DRAFT_ROOT = "complaints/draft"


def keep_draft_upload(upload: Upload) -> dict[str, Any]:
    """Store one checked upload of an unsent complaint; returns what the session keeps."""
    path = default_storage.save(
        f"{DRAFT_ROOT}/{secrets.token_hex(12)}/{stored_name(upload.content_type)}", upload.file
    )
    return {
        "path": path,
        "name": upload.name,
        "content_type": upload.content_type,
        "size": upload.size,
    }


def open_draft_upload(item: dict[str, Any]) -> Upload | None:
    """The stored draft file as an `Upload` to submit; None when it is gone (purged)."""
    if not default_storage.exists(item["path"]):
        return None
    handle = default_storage.open(item["path"])
    return Upload(item["name"], item["content_type"], handle, item["size"])


def discard_draft_files(paths: Iterable[str]) -> None:
    """Delete draft files (sent or removed by the citizen); a file already gone is fine."""
    for path in paths:
        with contextlib.suppress(OSError):
            default_storage.delete(path)


def expired_draft_files(now: datetime | None = None) -> list[str]:
    """Draft files older than the session's lifetime (they can never be sent)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        folders, _files = default_storage.listdir(DRAFT_ROOT)
    except FileNotFoundError:
        return []
    expired = []
    for folder in folders:
        path = f"{DRAFT_ROOT}/{folder}"
        _dirs, names = default_storage.listdir(path)
        for name in names:
            item = f"{path}/{name}"
            if default_storage.get_modified_time(item) < cutoff:
                expired.append(item)
    return expired


def delete_draft_file(path: str) -> None:
    """Delete one expired draft file (the purge job's step)."""
    default_storage.delete(path)
