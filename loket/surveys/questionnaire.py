"""The questionnaire of PermenPANRB 14/2017 as respondents read it: each element's question
and its four answers, worded per element (the regulation's sample questionnaire), and the
respondent profile. Keyed by element code; `ikm.QUESTION_ORDER` gives the order asked."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .ikm import QUESTION_ORDER


@dataclass(frozen=True)
class Element:
    code: str
    name: Promise
    question: Promise
    answers: tuple[Promise, Promise, Promise, Promise]  # scores 1, 2, 3, 4

    @property
    def number(self) -> int:
        """The question's number on the form (facilities is question 8, complaints 9)."""
        return QUESTION_ORDER.index(self.code) + 1


_FIT = (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))

ELEMENTS: dict[str, Element] = {
    "U1": Element(
        "U1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?"
        ),
        _FIT,
    ),
    "U2": Element(
        "U2",
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    "U3": Element(
        "U3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    "U4": Element(
        "U4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    "U5": Element(
        "U5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum "
            "dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        _FIT,
    ),
    "U6": Element(
        "U6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    "U7": Element(
        "U7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan "
            "dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    "U8": Element(
        "U8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    "U9": Element(
        "U9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
}


def in_question_order() -> list[Element]:
    return [ELEMENTS[code] for code in QUESTION_ORDER]


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "SD", _("SD")
    SMP = "SMP", _("SMP")
    SMA = "SMA", _("SMA")
    DIPLOMA = "D1-D4", _("D1-D4")
    S1 = "S1", _("S1")
    S2 = "S2", _("S2")
    S3 = "S3", _("S3")


class Occupation(models.TextChoices):
    PNS = "PNS", _("PNS")
    TNI = "TNI", _("TNI")
    POLRI = "POLRI", _("POLRI")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF_EMPLOYED = "wirausaha", _("Wirausaha")
    OTHER = "lainnya", _("Lainnya")


class AgeBand(models.TextChoices):
    """Age is asked as a band: enough for the profile, less identifying than a number."""

    UNDER_20 = "<20", _("Di bawah 20 tahun")
    A20 = "20-29", _("20-29 tahun")
    A30 = "30-39", _("30-39 tahun")
    A40 = "40-49", _("40-49 tahun")
    A50 = "50-59", _("50-59 tahun")
    OVER_60 = "60+", _("60 tahun ke atas")


# The respondent profile's headings, by field name (tables of the period page, XLSX, PDF).
PROFILE_LABELS: dict[str, Promise] = {
    "sex": _("Jenis kelamin"),
    "age_band": _("Usia"),
    "education": _("Pendidikan"),
    "occupation": _("Pekerjaan"),
}


def age_band(age: int) -> str:
    """The band of an age in years (paper sheets carry the age as a number)."""
    if age < 20:
        return AgeBand.UNDER_20
    if age >= 60:
        return AgeBand.OVER_60
    low = age // 10 * 10
    return f"{low}-{low + 9}"
