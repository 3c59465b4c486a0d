"""Secrets and personal data encrypted at rest, and blind indexes to find them (OWASP ASVS
4.0.3 V6.1.1, V6.2, V2.8.2; the key policy is docs/security/key-management.md).

Encryption is Fernet (AES-128-CBC with HMAC-SHA256, a random IV per value, from the
`cryptography` package) through `MultiFernet`: the keys come from `LOKET_ENCRYPTION_KEYS`
(comma-separated Fernet keys); the first encrypts, every one decrypts, so a key is rotated by
putting a new one first and running `manage.py rotate_encryption_keys`, which re-encrypts every
`EncryptedTextField` of every app under it and recomputes every `BlindIndexField`.

Read-only keys, so nothing stored before is lost: the key derived from `SECRET_KEY` (what
encrypts when `LOKET_ENCRYPTION_KEYS` is unset: development and the demo; production refuses
to pass `check --deploy` without real keys, `check_keys`), and the intake app's former keys
(`LOKET_INTAKE_KEYS` and the key it derived from `SECRET_KEY`).

A blind index is an HMAC-SHA256 of a normalised value under a key derived (HKDF-SHA256) from
an encryption key: equal values give equal indexes, so a column can be looked up without
being readable. Lookups try the index of every key (`blind_indexes`), writes use the first
(`blind_index`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

_DERIVED_LABEL = b"loket.crypto.encryption:"
_INTAKE_LABEL = b"loket.intake.secrets:"  # the intake app's own derivation before the kernel
_INDEX_INFO = b"loket.crypto.blind-index.v1"
# The development secret key of `loket/settings.py`: a key derived from it is public.
DEVELOPMENT_SECRET_KEY = "dev-insecure-loket-development-key-change-me-in-production-0123456789"  # noqa: S105


class DecryptionError(ImproperlyConfigured):
    """A stored value that no configured key opens: a lost or removed key, never a silent
    empty value."""


def _derived(label: bytes, secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(label + secret.encode()).digest())


def configured_keys() -> list[str]:
    """`LOKET_ENCRYPTION_KEYS` as set (blank entries dropped), in order."""
    return [k.strip() for k in settings.LOKET_ENCRYPTION_KEYS if k.strip()]


def _key_list() -> tuple[bytes, ...]:
    secret = settings.SECRET_KEY
    derived = _derived(_DERIVED_LABEL, secret)
    keys = [k.encode() for k in configured_keys()] or [derived]
    keys.append(derived)
    keys += [k.strip().encode() for k in settings.LOKET_INTAKE_KEYS if k.strip()]
    keys.append(_derived(_INTAKE_LABEL, secret))
    return tuple(dict.fromkeys(keys))  # order kept, duplicates dropped


@lru_cache(maxsize=8)
def _fernets(keys: tuple[bytes, ...]) -> tuple[Fernet, ...]:
    try:
        return tuple(Fernet(key) for key in keys)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "LOKET_ENCRYPTION_KEYS or LOKET_INTAKE_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes; make one with `manage.py "
            "rotate_encryption_keys --new-key`)"
        ) from exc


def _multi() -> MultiFernet:
    return MultiFernet(list(_fernets(_key_list())))


def new_key() -> str:
    """A fresh random Fernet key (44 characters), for `LOKET_ENCRYPTION_KEYS`."""
    return Fernet.generate_key().decode()


def encrypt(text: str) -> str:
    """`text` encrypted under the first key: an opaque ASCII token (about 100 characters plus
    4/3 of the text's UTF-8 length)."""
    return _multi().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The text of `token`. Raises `DecryptionError` when no configured key opens it."""
    try:
        return _multi().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored encrypted value cannot be decrypted with LOKET_ENCRYPTION_KEYS "
            "(a key was removed before `rotate_encryption_keys` ran?)"
        ) from exc


def is_current(token: str) -> bool:
    """Whether `token` is encrypted under the first key (nothing to rotate)."""
    try:
        _fernets(_key_list())[0].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotated(token: str) -> str:
    """`token` re-encrypted under the first key (its timestamp kept). `DecryptionError` as
    `decrypt`."""
    try:
        return _multi().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A stored encrypted value cannot be decrypted") from exc


@lru_cache(maxsize=8)
def _index_key(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INDEX_INFO).derive(
        base64.urlsafe_b64decode(key)
    )


def _index_key_list() -> tuple[bytes, ...]:
    derived = _derived(_DERIVED_LABEL, settings.SECRET_KEY)
    return tuple(dict.fromkeys([k.encode() for k in configured_keys()] + [derived]))


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(_index_key(key), value.encode(), hashlib.sha256).hexdigest()


def blind_index(value: str) -> str:
    """The keyed hash (64 hex digits) of `value` stripped, under the first key; "" for an
    empty value. What a `BlindIndexField` stores."""
    value = value.strip()
    return _hmac(_index_key_list()[0], value) if value else ""


def blind_indexes(value: str) -> list[str]:
    """The keyed hashes of `value` under every key, the first first: what a lookup matches
    (a row written before a rotation still answers until the rotation recomputes it)."""
    value = value.strip()
    return [_hmac(key, value) for key in _index_key_list()] if value else []


def mask(secret: str) -> str:
    """What a page may show of a secret: its last four characters at most."""
    if not secret:
        return ""
    if len(secret) <= 8:
        return "••••"
    return "••••" + secret[-4:]


# --- Model fields ---------------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """An encrypted column equals only the empty value: a token never equals another
    encryption of the same text (random IV), so a lookup by value would silently find
    nothing. Look up through the column's `BlindIndexField` instead."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise TypeError(
                f"{self.lhs.target.name} is encrypted: it can only be compared with the empty "
                "value; look it up by its blind index (loket.crypto.blind_indexes)"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted (`encrypt`), read back as text. The empty string is
    stored as itself, so `filter(field="")` and `exclude(field="")` work; any other
    comparison is refused (`TypeError`): add a `BlindIndexField` to look values up."""

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None


class BlindIndexField(models.CharField):
    """The blind index (`blind_index`, 64 hex digits, "" for no value) of the model's
    encrypted field `source`, computed on every save of the row; an `update()` or a save
    with `update_fields` that changes the source must set or name this field too (an erased
    value: ""). Look rows up with
    `filter(<field>__in=blind_indexes(value))`."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_default", "")  # rows written by code older than the column
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for option, default in (
            ("max_length", 64),
            ("blank", True),
            ("editable", False),
            ("default", ""),
        ):
            if kwargs.get(option) == default:
                kwargs.pop(option)
        # Indexed unless told otherwise: only `db_index=False` is worth writing down.
        kwargs.pop("db_index", None)
        if not self.db_index:
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(models_: Sequence[type[models.Model]]) -> list[tuple[type, list[str]]]:
    """Each concrete model of `models_` with its encrypted and blind-index field names."""
    found = []
    for model in models_:
        if model._meta.abstract or model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField | BlindIndexField)
        ]
        if names:
            found.append((model, names))
    return found


# --- System check ---------------------------------------------------------------------------


def check_keys_valid(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every check: each configured key is a Fernet key."""
    try:
        _fernets(_key_list())
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="loket.E101")]
    return []


def check_production_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy`: in production (`LOKET_PRODUCTION`) the data must be encrypted under
    keys of its own, not the one derived from `SECRET_KEY` (a development default that also
    ties the data to the secret key's rotation), nor one derived from the development key."""
    problems: list[checks.CheckMessage] = []
    if not settings.LOKET_PRODUCTION or check_keys_valid():
        return problems
    keys = configured_keys()
    if not keys:
        problems.append(
            checks.Error(
                "LOKET_ENCRYPTION_KEYS is not set: personal data and second-factor secrets "
                "are encrypted under a key derived from LOKET_SECRET_KEY.",
                hint="Generate one with `manage.py rotate_encryption_keys --new-key`, set it, "
                "then run `manage.py rotate_encryption_keys` (docs/security/key-management.md).",
                id="loket.E102",
            )
        )
    elif keys[0].encode() in {
        _derived(label, secret)
        for label in (_DERIVED_LABEL, _INTAKE_LABEL)
        for secret in (settings.SECRET_KEY, DEVELOPMENT_SECRET_KEY)
    }:
        problems.append(
            checks.Error(
                "The first key of LOKET_ENCRYPTION_KEYS is derived from a secret key.",
                hint="Generate an independent one with `manage.py rotate_encryption_keys "
                "--new-key`.",
                id="loket.E103",
            )
        )
    return problems


# --- Migrations -----------------------------------------------------------------------------


def column_encryption(
    app_label: str, model_name: str, field: str, index: str = "", batch_size: int = 500
) -> tuple[Any, Any]:
    """The (forward, backward) functions of a `RunPython` that encrypts the plain text column
    `field` of `app_label.model_name` in place (and fills its blind index `index`), or
    decrypts it back. Run it while the historical field is a plain `TextField` (between an
    `AlterField` to `TextField` and one to `EncryptedTextField`), so the migration reads and
    writes the stored text as it is. Values already encrypted are left alone."""

    def _convert(apps: Any, change: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.exclude(**{field: ""}).order_by("pk")
        ids = list(rows.values_list("pk", flat=True))
        names = [field, index] if index else [field]
        for start in range(0, len(ids), batch_size):
            batch = [
                row
                for row in model._base_manager.filter(pk__in=ids[start : start + batch_size])
                if change(row)
            ]
            model._base_manager.bulk_update(batch, names)

    def _encrypt(row: Any) -> bool:
        value = getattr(row, field)
        if _is_token(value):
            return False
        setattr(row, field, encrypt(value))
        if index:
            setattr(row, index, blind_index(value))
        return True

    def _decrypt(row: Any) -> bool:
        value = getattr(row, field)
        if not _is_token(value):
            return False
        setattr(row, field, decrypt(value))
        if index:
            setattr(row, index, "")
        return True

    def forward(apps: Any, schema_editor: Any) -> None:
        _convert(apps, _encrypt)

    def backward(apps: Any, schema_editor: Any) -> None:
        _convert(apps, _decrypt)

    return forward, backward


def _is_token(value: str) -> bool:
    try:
        decrypt(value)
    except DecryptionError:
        return False
    return True
