"""Finding one person's records for a data subject request (UU 27/2022 Pasal 7 and 32), and
the people behind a set of records (a breach's affected subjects): one rule for every app that
holds identities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from loket.crypto import blind_indexes
from loket.validators import phone_variants


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
    and "name" to the model's field names; "nik" names the `loket.crypto.BlindIndexField` of
    the encrypted ID number (matched under every key, `blind_indexes`). No identifier given:
    no rows."""
    found = Q(pk__in=[])
    if phone:
        found |= Q(**{fields["phone"]: phone})
    if email:
        found |= Q(**{f"{fields['email']}__iexact": email})
    if nik:
        found |= Q(**{f"{fields['nik']}__in": blind_indexes(nik)})
    rows = rows.filter(found)
    if name:
        rows = rows.filter(**{f"{fields['name']}__iexact": name.strip()})
    return rows


@dataclass
class Contact:
    """One record's identity, as an app's selector gives it for person-finding across rows:
    `kind` ("visit", "complaint"), the row's `id` and the reference staff know it by, the
    identifiers as stored, the language its messages go in, when it was collected."""

    kind: str
    id: int
    reference: str
    name: str = ""
    phone: str = ""
    email: str = ""
    nik: str = ""
    language: str = ""
    at: datetime | None = None


@dataclass
class Person:
    """The records one person is found in: linked by an exact phone (in any stored form),
    e-mail (case-insensitive) or NIK, never by the name alone (`rows_of_person`'s rule)."""

    records: list[Contact] = field(default_factory=list)

    def _values(self, attribute: str) -> list[str]:
        seen: dict[str, None] = {}
        for record in self.records:
            value = getattr(record, attribute)
            if value:
                seen.setdefault(value, None)
        return list(seen)

    @property
    def names(self) -> list[str]:
        return self._values("name")

    @property
    def phones(self) -> list[str]:
        return self._values("phone")

    @property
    def emails(self) -> list[str]:
        return self._values("email")

    @property
    def language(self) -> str:
        """The language of the person's latest record that has one ("" when none)."""
        latest = max(
            (r for r in self.records if r.language),
            key=lambda r: r.at or datetime.min.replace(tzinfo=UTC),
            default=None,
        )
        return latest.language if latest else ""


def _keys(contact: Contact) -> set[str]:
    keys: set[str] = set()
    if contact.phone:
        keys |= {f"phone:{variant}" for variant in phone_variants(contact.phone)}
    if contact.email:
        keys.add(f"email:{contact.email.strip().lower()}")
    if contact.nik:
        keys.add(f"nik:{contact.nik.strip()}")
    return keys


def group_people(contacts: Iterable[Contact]) -> list[Person]:
    """The people behind `contacts`: two records are one person when they share a phone
    number (compared in every stored form, `validators.phone_variants`: "081234567890" and
    "+6281234567890" are one number, "0812345678901" another), an e-mail (case-insensitive)
    or a NIK, directly or through a third record. A name links nothing (two people may share
    one). A record without any identifier is a person of its own. In the order of each
    person's first record."""
    contacts = list(contacts)
    parent = list(range(len(contacts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, contact in enumerate(contacts):
        for key in _keys(contact):
            if key in owner:
                a, b = root(owner[key]), root(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[key] = index
    people: dict[int, Person] = {}
    for index, contact in enumerate(contacts):
        people.setdefault(root(index), Person()).records.append(contact)
    return list(people.values())
