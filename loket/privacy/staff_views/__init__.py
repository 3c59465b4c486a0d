"""The office's personal-data pages (UU 27/2022), one module per part: retention and data
subjects' requests, the breach register, the record of processing activities."""

from .breaches import (
    breach_close,
    breach_detail,
    breach_edit,
    breach_new,
    breach_notice,
    breach_notify_subjects,
    breaches,
    breaches_export,
)
from .processing import processing, processing_edit
from .requests import (
    answered,
    decide,
    erase,
    export,
    home,
    lift,
    new_request,
    request_detail,
    retention,
    withdraw,
)

__all__ = [
    "answered",
    "breach_close",
    "breach_detail",
    "breach_edit",
    "breach_new",
    "breach_notice",
    "breach_notify_subjects",
    "breaches",
    "breaches_export",
    "decide",
    "erase",
    "export",
    "home",
    "lift",
    "new_request",
    "processing",
    "processing_edit",
    "request_detail",
    "retention",
    "withdraw",
]
