"""Finding one person's records for a data subject request (UU 27/2022 Pasal 7 and 32): one
rule for every app that holds identities."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def rows_of_person(
    rows: QuerySet,
    *,
    fields: dict[str, str],
    phone: str = "",
    email: str = "",
    nik: str = "",
    name: str = "",
) -> QuerySet:
    """`rows` narrowed to one person: an exact match of the phone, the e-mail (case-insensitive)
    or the ID number finds a row; the name only narrows (two people may share a name, or a
    phone number's prefix) and never finds on its own. `fields` maps "phone", "email", "nik"
    and "name" to the model's field names. No identifier given: no rows."""
    found = Q(pk__in=[])
    if phone:
        found |= Q(**{fields["phone"]: phone})
    if email:
        found |= Q(**{f"{fields['email']}__iexact": email})
    if nik:
        found |= Q(**{fields["nik"]: nik})
    rows = rows.filter(found)
    if name:
        rows = rows.filter(**{f"{fields['name']}__iexact": name.strip()})
    return rows
