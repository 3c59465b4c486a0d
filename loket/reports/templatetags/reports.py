"""Display of the report's figures: shares as per cent and durations, in the active
language's number format ("83,3%" in Indonesian, "83.3%" in English); "–" for no value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from loket.offices.permissions import has_role, supervises_any

from ..roles import READERS

register = template.Library()

NONE = "–"


def _one_decimal(value: float) -> str:
    """`value` rounded half up to one decimal (2/3 of 100 is "66,7"), in the language's
    format: `number_format` alone cuts the digits off ("66,6")."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1)


@register.filter
def percent(value) -> str:
    """A share (fraction 0-1) as a per cent with one decimal."""
    if value is None:
        return NONE
    return f"{_one_decimal(float(value) * 100)}%"


@register.filter
def decimal1(value) -> str:
    """A number with one decimal (hours, minutes, a mean rating)."""
    if value is None:
        return NONE
    return _one_decimal(float(value))


@register.simple_tag(takes_context=True)
def may_read_reports(context, office) -> bool:
    """Whether the signed-in user may open the office's report. On the staff office page,
    whose context holds the user's `memberships` of the office, those rows are read (the
    page lists them anyway: no query of its own); elsewhere one role check."""
    user = context["request"].user
    held = context.get("memberships")
    if held is None or (user.is_authenticated and user.is_superuser):
        return has_role(user, office, READERS)
    return any(membership.role in READERS for membership in held)


@register.simple_tag(takes_context=True)
def may_compare_offices(context) -> bool:
    """Whether the signed-in user may open the province comparison (a supervisor of some
    office, or the system administrator). One query."""
    return supervises_any(context["request"].user)


@register.simple_tag
def table_rows(table) -> list[list[str]]:
    """The rows of an export table (`exports.Table`) as the page shows them: dates in the
    active language, shares in per cent, numbers in its number format."""
    from datetime import date

    from django.utils import dateformat

    shown = []
    for row in table.rows:
        cells = []
        for number, value in enumerate(row):
            if number in table.shares:
                cells.append(percent(value))
            elif isinstance(value, date):
                cells.append(dateformat.format(value, "F Y" if table.monthly else "j M Y"))
            elif isinstance(value, float):
                cells.append(decimal1(value))
            elif value is None:
                cells.append(NONE)
            else:
                cells.append(str(value))
        shown.append(cells)
    return shown
