from django import template
from django.utils.translation import gettext as _

from loket.offices.models import Role
from loket.offices.permissions import has_role
from loket.standards import services

register = template.Library()

MANAGEMENT_LABELS = [
    ("legal_basis", "Dasar hukum"),
    ("facilities", "Sarana, prasarana dan/atau fasilitas"),
    ("staff_competence", "Kompetensi pelaksana"),
    ("internal_supervision", "Pengawasan internal"),
    ("staff_count", "Jumlah pelaksana"),
    ("service_guarantee", "Jaminan pelayanan"),
    ("security_guarantee", "Jaminan keamanan dan keselamatan pelayanan"),
    ("performance_evaluation", "Evaluasi kinerja pelaksana"),
]


def management_rows(standard) -> list[tuple[str, str]]:
    """The eight management components (PermenPANRB 15/2014, 7-14) that are filled in."""
    return [
        (_(label), getattr(standard, field))
        for field, label in MANAGEMENT_LABELS
        if getattr(standard, field)
    ]


@register.simple_tag
def management_components(standard):
    return management_rows(standard)


@register.inclusion_tag("standards/includes/office_services.html")
def office_services(office):
    """The office page's "Layanan" section: each public service with its published standard."""
    rows = [(s, services.published_standard(s)) for s in services.public_services(office)]
    return {"office": office, "rows": rows}


@register.simple_tag(takes_context=True)
def can_edit_standards(context, office) -> bool:
    return has_role(context["request"].user, office, [Role.OFFICE_ADMIN])
