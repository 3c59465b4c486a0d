"""Counts for the operations page (/metrics): read only, one grouped query."""

from datetime import datetime

from django.db.models import Count

from .models import OPEN_STATUSES, Complaint


def overdue_per_office(now: datetime) -> dict[str, int]:
    """Open complaints past their deadline with the clock running, per office slug (offices
    with none are left out). Uses the open-complaints index (is_open, office, due_at)."""
    rows = (
        Complaint.objects.filter(
            is_open=True, status__in=OPEN_STATUSES, paused_at__isnull=True, due_at__lt=now
        )
        .values_list("office__slug")
        .annotate(overdue=Count("id"))
        .order_by()
    )
    return dict(rows)
