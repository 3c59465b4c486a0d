from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loket.offices.models import Role
from loket.offices.permissions import has_role
from loket.standards import services
from loket.standards.models import Standard

register = template.Library()

MANAGEMENT_LABELS = [
    ("legal_basis", gettext_noop("Dasar hukum")),
    ("facilities", gettext_noop("Sarana, prasarana dan/atau fasilitas")),
    ("staff_competence", gettext_noop("Kompetensi pelaksana")),
    ("internal_supervision", gettext_noop("Pengawasan internal")),
    ("staff_count", gettext_noop("Jumlah pelaksana")),
    ("service_guarantee", gettext_noop("Jaminan pelayanan")),
    ("security_guarantee", gettext_noop("Jaminan keamanan dan keselamatan pelayanan")),
    ("performance_evaluation", gettext_noop("Evaluasi kinerja pelaksana")),
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


@register.filter
def field_labels(names) -> str:
    """The edit log's changed fields ("requirements") as the form names them ("Persyaratan")."""
    labels = []
    for name in names or []:
        try:
            labels.append(str(capfirst(Standard._meta.get_field(name).verbose_name)))
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels)
