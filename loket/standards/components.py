"""The fourteen components of a service standard (PermenPANRB 15/2014), in the regulation's
order: six of service delivery, published to the public, and eight of management.

This is the one list. The model's fields, the editor, the importer's headings, the public
page, the PDF and the API all read it, so a component cannot be added or renamed in one place
and forgotten in another.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Component:
    number: int  # as numbered in PermenPANRB 15/2014
    key: str
    label: str | Promise
    public: bool  # service delivery (published) or management (internal, may be published)
    fields: tuple[str, ...]  # the Standard fields that hold it
    headings: tuple[str, ...] = ()  # the headings SIPPN texts use for it (normalized)


COMPONENTS: tuple[Component, ...] = (
    Component(
        1,
        "requirements",
        _("Persyaratan"),
        True,
        ("requirements",),
        ("persyaratan", "persyaratan pelayanan"),
    ),
    Component(
        2,
        "procedure",
        _("Sistem, mekanisme dan prosedur"),
        True,
        ("procedure",),
        (
            "sistem, mekanisme dan prosedur",
            "sistem, mekanisme, dan prosedur",
            "sistem mekanisme dan prosedur",
            "prosedur",
            "prosedur pelayanan",
            "mekanisme dan prosedur",
        ),
    ),
    Component(
        3,
        "time",
        _("Jangka waktu pelayanan"),
        True,
        ("completion_time_text", "administration_time_text", "consultation_time_text"),
        (
            "waktu penyelesaian",
            "jangka waktu pelayanan",
            "jangka waktu penyelesaian",
            "waktu pelayanan",
            "jangka waktu penyelesaian pelayanan",
        ),
    ),
    Component(
        4,
        "fee",
        _("Biaya / tarif"),
        True,
        ("fee_text", "fee_amount", "fee_tiers", "fee_legal_basis"),
        ("biaya / tarif", "biaya/tarif", "biaya", "tarif", "biaya / tarif pelayanan"),
    ),
    Component(
        5,
        "products",
        _("Produk pelayanan"),
        True,
        ("products",),
        ("produk pelayanan", "produk", "produk layanan"),
    ),
    Component(
        6,
        "complaints",
        _("Penanganan pengaduan, saran dan masukan"),
        True,
        ("complaint_intro", "complaint_channels", "complaint_flow", "complaint_classes"),
        (
            "pengaduan layanan",
            "penanganan pengaduan, saran dan masukan",
            "penanganan pengaduan, saran, dan masukan",
            "penanganan pengaduan",
            "pengaduan",
        ),
    ),
    Component(7, "legal_basis", _("Dasar hukum"), False, ("legal_basis",), ("dasar hukum",)),
    Component(
        8,
        "facilities",
        _("Sarana, prasarana dan/atau fasilitas"),
        False,
        ("facilities",),
        (
            "sarana, prasarana dan/atau fasilitas",
            "sarana, prasarana, dan/atau fasilitas",
            "sarana dan prasarana",
            "sarana, prasarana dan fasilitas",
        ),
    ),
    Component(
        9,
        "staff_competence",
        _("Kompetensi pelaksana"),
        False,
        ("staff_competence",),
        ("kompetensi pelaksana",),
    ),
    Component(
        10,
        "internal_supervision",
        _("Pengawasan internal"),
        False,
        ("internal_supervision",),
        ("pengawasan internal",),
    ),
    Component(
        11, "staff_count", _("Jumlah pelaksana"), False, ("staff_count",), ("jumlah pelaksana",)
    ),
    Component(
        12,
        "service_guarantee",
        _("Jaminan pelayanan"),
        False,
        ("service_guarantee",),
        ("jaminan pelayanan",),
    ),
    Component(
        13,
        "security_guarantee",
        _("Jaminan keamanan dan keselamatan pelayanan"),
        False,
        ("security_guarantee",),
        ("jaminan keamanan dan keselamatan pelayanan",),
    ),
    Component(
        14,
        "performance_evaluation",
        _("Evaluasi kinerja pelaksana"),
        False,
        ("performance_evaluation",),
        ("evaluasi kinerja pelaksana",),
    ),
)

PUBLIC_COMPONENTS = tuple(c for c in COMPONENTS if c.public)
MANAGEMENT_COMPONENTS = tuple(c for c in COMPONENTS if not c.public)
# The management components are one free text each: their field is their key.
MANAGEMENT_FIELDS: tuple[str, ...] = tuple(c.fields[0] for c in MANAGEMENT_COMPONENTS)


def management_rows(standard: object) -> list[tuple[str, str]]:
    """The management components (7-14) that `standard` fills in, as (label, text)."""
    return [
        (str(c.label), getattr(standard, c.fields[0]))
        for c in MANAGEMENT_COMPONENTS
        if getattr(standard, c.fields[0])
    ]
