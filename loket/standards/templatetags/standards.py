from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from loket.offices.permissions import has_role
from loket.standards import selectors
from loket.standards.components import management_rows
from loket.standards.models import Standard
from loket.standards.roles import EDITORS
from loket.standards.sippn import render

register = template.Library()


@register.simple_tag
def management_components(standard):
    return management_rows(standard)


@register.inclusion_tag("standards/includes/office_services.html")
def office_services(office):
    """The office page's "Layanan" section: each public service with its version in force."""
    in_force = selectors.in_force_by_service(office)
    rows = [
        (s, in_force.get(s.pk) or selectors.next_standard(s))
        for s in selectors.public_services(office)
    ]
    return {"office": office, "rows": rows}


@register.simple_tag(takes_context=True)
def can_edit_standards(context, office) -> bool:
    return has_role(context["request"].user, office, EDITORS)


@register.filter
def import_note(note) -> str:
    """An importer note ({"code", "params"}) in the active language."""
    return render(note)


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
