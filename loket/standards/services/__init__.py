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
from .importing import ImportOutcome, import_standards, preview
from .pledges import publish_pledge, save_pledge_draft
from .publishing import publish

__all__ = [
    "EDITABLE_FIELDS",
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

# Transitional (not part of the contract): complaints and visits still import these reads from
# `services`; they move to `loket.standards.selectors` (`complaint_classes(office, at=...)`,
# `ComplaintClass`, `public_services`, `requirements`, `administration_time`). Remove this block
# once those apps call the selectors.
from .. import selectors as _selectors

DeadlineClass = _selectors.ComplaintClass
administration_time = _selectors.administration_time
complaint_classes = _selectors.complaint_classes
public_services = _selectors.public_services
requirements = _selectors.requirements
