"""What the office pages show from other apps, without `offices` knowing those apps.

The public office page and the staff pages belong to `offices`, but parts of them come from
other apps: the services and their standards, the hours, the links to book a visit or make a
complaint, the staff tools of each app. `offices` imports no other app (ARCHITECTURE.md), so
these parts are template fragments that the other apps (or the site, `loket.site`) register
here in their `AppConfig.ready()`::

    from loket.offices import pages

    pages.register(pages.PUBLIC_CARDS, "workdays/office/public_hours.html", order=20)

The offices views hand `sections` (slot -> template names) to their templates, which
`{% include %}` each name in order. A fragment is rendered with the page's context: `office`,
`request` (so `request.user`) and whatever the page has; it decides itself, through its own
app's template tags, whether the signed-in user may see its links.
"""

from __future__ import annotations

from dataclasses import dataclass

# The slots, one per place on a page.
PUBLIC_TOP = "public_top"  # the office page, under the heading (services, visit booking)
PUBLIC_CARDS = "public_cards"  # beside the address card (hours)
PUBLIC_CHANNELS = "public_channels"  # above the list of complaint channels
STAFF_HOME = "staff_home"  # the staff home page, above the list of offices
STAFF_OFFICE = "staff_office"  # the staff page of one office: each app's tools
SYSTEM_OFFICES = "system_offices"  # the system administrator's list of offices: other ways in

SLOTS = (PUBLIC_TOP, PUBLIC_CARDS, PUBLIC_CHANNELS, STAFF_HOME, STAFF_OFFICE, SYSTEM_OFFICES)

# The content stamps (`loket.conditional.bump_on_change`) of every app whose rows a public
# fragment shows; an app that registers a fragment reading rows of its own that change adds
# its stamp here, or the page shows them up to an hour late.
PUBLIC_PAGE_STAMPS = ("offices", "standards", "workdays")


@dataclass(frozen=True, order=True)
class Section:
    order: int
    template: str


_sections: dict[str, list[Section]] = {slot: [] for slot in SLOTS}


def register(slot: str, template: str, *, order: int = 100) -> None:
    """Show `template` in `slot` of the office pages; lower `order` first. Registering the
    same template twice in a slot has no effect (ready() may run more than once in tests)."""
    if slot not in _sections:
        raise ValueError(f"unknown office page slot: {slot!r} (one of {', '.join(SLOTS)})")
    if any(section.template == template for section in _sections[slot]):
        return
    _sections[slot].append(Section(order, template))
    _sections[slot].sort()


def unregister(slot: str, template: str) -> None:
    _sections[slot] = [s for s in _sections[slot] if s.template != template]


def sections() -> dict[str, list[str]]:
    """Every slot's template names in order, for the offices templates' `{% include %}`."""
    return {slot: [section.template for section in rows] for slot, rows in _sections.items()}
