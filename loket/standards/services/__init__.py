"""Every change to services, standards and the maklumat pelayanan: one verb per function,
each in a transaction, checking its preconditions (`StandardError` with a code otherwise),
writing a `StandardEvent` with the actor passed explicitly, and taking `now`.

`__all__` is the contract other apps may call; reads are in `selectors`.
"""

from ..errors import ImportFailed, StandardError
from .drafts import (
    EDITABLE_FIELDS,
    create_draft,
    create_service,
    start_correction,
    start_new_version,
    update_draft,
)
from .importing import HEADER_NOTE_CODES, ImportOutcome, import_standards, preview
from .pledges import publish_pledge, save_pledge_draft
from .publishing import publish

__all__ = [
    "EDITABLE_FIELDS",
    "HEADER_NOTE_CODES",
    "ImportFailed",
    "ImportOutcome",
    "StandardError",
    "create_draft",
    "create_service",
    "import_standards",
    "preview",
    "publish",
    "publish_pledge",
    "save_pledge_draft",
    "start_correction",
    "start_new_version",
    "update_draft",
]
