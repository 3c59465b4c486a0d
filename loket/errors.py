"""Domain errors: a stable code plus a lazily translated message (the pretix `OrderError` habit).

Every service refuses with a subclass of `DomainError`. Pages show `str(error)` in the
visitor's language (the message is a lazy translation, resolved when shown); the API maps
`error.code` and `error.field` to its documented error body, so a client can point at the
field it sent.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal of a service: `code` (stable, snake_case), `message` (lazy gettext), `field`.

    Shape: `DomainError(message, code="...", field="..."|None, params={...})`. `message` may
    contain `%(name)s` placeholders filled from `params` when shown, so the text is translated
    in the language active at that moment, not at the moment of the refusal.
    """

    default_code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.params = params or {}
        super().__init__(message)

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text

    def as_dict(self) -> dict[str, Any]:
        """The API's error entry: `{"code": ..., "field": ..., "message": ...}`."""
        return {"code": self.code, "field": self.field, "message": str(self)}
