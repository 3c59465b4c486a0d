"""The privacy services (UU 27/2022 PDP): retention per record type and office, the purge of
what is past it, data subjects' requests and their access export, the breach register, the
record of processing and the privacy notice. `__all__` is the contract
the pages, the jobs and other apps call."""

from .breaches import (
    SCOPE_TYPES,
    affected_people,
    breach_related,
    close_breach,
    has_scope,
    notify_affected,
    record_breach,
    record_notice,
    split_affected,
    update_breach,
)
from .errors import PrivacyError
from .processing import (
    PROFILE_FIELDS,
    PUBLIC_ACTIVITIES,
    Activity,
    activities,
    notice_version,
    profile_of,
    set_profile,
)
from .purge import BATCH, purge, purge_deployment, purge_office
from .requests import (
    DECIDED_KINDS,
    PersonRecords,
    access_export,
    decide,
    erase_for_request,
    lift_restriction,
    mark_answered,
    notify_outcome,
    record_request,
    records_for,
    request_label,
    withdraw_consent,
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
    "DECIDED_KINDS",
    "DEFAULT_DAYS",
    "DEPLOYMENT_WIDE",
    "PROFILE_FIELDS",
    "PUBLIC_ACTIVITIES",
    "SCOPE_TYPES",
    "Activity",
    "PersonRecords",
    "PrivacyError",
    "Retention",
    "access_export",
    "activities",
    "affected_people",
    "breach_related",
    "close_breach",
    "days_for",
    "decide",
    "erase_for_request",
    "has_scope",
    "lift_restriction",
    "mark_answered",
    "notice_version",
    "notify_affected",
    "notify_outcome",
    "profile_of",
    "purge",
    "purge_deployment",
    "purge_office",
    "record_breach",
    "record_notice",
    "record_request",
    "records_for",
    "request_label",
    "retention_for",
    "set_profile",
    "set_retention",
    "split_affected",
    "update_breach",
    "withdraw_consent",
]
