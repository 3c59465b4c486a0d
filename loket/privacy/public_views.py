"""The privacy notice (pemberitahuan privasi) of an office, public: who controls the data,
what is collected, why, on what basis, who receives it, how long it is kept (the office's
retention settings) and how to exercise one's rights. Linked from the complaint form, the
booking form and the kiosk."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from loket.offices import services as offices

from . import services
from .models import ANSWER_WITHIN, DataSubjectRequest


@require_safe
def notice(request, office_slug):
    office = offices.office_or_404(office_slug)
    listed = [a for a in services.activities(office) if a.record_type in services.PUBLIC_ACTIVITIES]
    return render(
        request,
        "privacy/public/notice.html",
        {
            "office": office,
            "activities": listed,
            "profile": services.profile_of(office),
            "rights": DataSubjectRequest.Kind.choices,
            "answer_hours": int(ANSWER_WITHIN.total_seconds() // 3600),
            "version": services.notice_version(office),
        },
    )
