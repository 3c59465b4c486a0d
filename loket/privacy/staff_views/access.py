"""Who reaches the breach register and the record of processing: staff of another office get
404 (as if it did not exist), a colleague of the office without one of the roles 403."""

from __future__ import annotations

from loket.offices.permissions import get_office_or_404, require_role


def office_for(request, office_slug, roles):
    """The office if the user works there (404 otherwise), then 403 without one of `roles`."""
    office = get_office_or_404(request.user, office_slug)
    require_role(request.user, office, roles)
    return office
