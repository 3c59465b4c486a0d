"""The privacy services (UU 27/2022 PDP): retention per record type and office, the purge of
what is past it, data subjects' requests and their access export. `__all__` is the contract
the pages, the jobs and other apps call."""

from .errors import PrivacyError
from .purge import BATCH, purge, purge_deployment, purge_office
from .requests import (
    PersonRecords,
    access_export,
    mark_answered,
    record_request,
    records_for,
)
from .retention import (
    DEFAULT_DAYS,
    DEPLOYMENT_WIDE,
    Retention,
    days_for,
    retention_for,
    set_retention,
)

__all__ = [
    "BATCH",
    "DEFAULT_DAYS",
    "DEPLOYMENT_WIDE",
    "PersonRecords",
    "PrivacyError",
    "Retention",
    "access_export",
    "days_for",
    "mark_answered",
    "purge",
    "purge_deployment",
    "purge_office",
    "record_request",
    "records_for",
    "retention_for",
    "set_retention",
]
