"""Issue 11 §5: every form error names its field, in every app and both languages, by one rule
(`loket.field_errors.named`) applied by the shared error summary and field templates."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from loket.field_errors import named

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "message", "shown"),
    [
        ("Tanggal", "Wajib diisi.", "Tanggal: Wajib diisi."),
        ("Tanggal", "Isi tanggalnya.", "Isi tanggalnya."),
        ("Nama lengkap", "Nama lengkap wajib diisi.", "Nama lengkap wajib diisi."),
        ("Alasan?", "Wajib diisi.", "Alasan: Wajib diisi."),
        ("", "Wajib diisi.", "Wajib diisi."),
        ("Date", "date is required.", "date is required."),
        ("Nama lengkap", "Tulis nama lengkap Anda.", "Tulis nama lengkap Anda."),
        (
            "Instansi / lembaga asal",
            "Tulis instansi atau lembaga asal Anda.",
            "Tulis instansi atau lembaga asal Anda.",
        ),
        ("Instansi / lembaga asal", "Wajib diisi.", "Instansi / lembaga asal: Wajib diisi."),
    ],
)
def test_an_error_is_named_by_its_field_unless_it_names_it_already(label, message, shown):
    assert named(label, message) == shown


class Answer(forms.Form):
    reason = forms.CharField(label="Alasan")  # the label as given; Django's messages translated
    day = forms.DateField(label="Tanggal", required=False)


def _messages(html: str) -> tuple[list[str], list[str]]:
    summary = re.findall(r'<li><a href="#[^"]+">(.*?)</a></li>', html)
    found = re.findall(r'<span class="error-message"[^>]*>(.*?)</span>\s*\n', html, re.S)
    # Each inline message starts with a visually hidden "Galat:" / "Error:" for screen readers.
    inline = [re.sub(r"<[^>]+>", "", m).split(":", 1)[1].strip() for m in found]
    return summary, inline


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["Alasan: Bidang ini tidak boleh kosong.", "Masukkan tanggal yang valid."]),
        ("en", ["Alasan: This field is required.", "Tanggal: Enter a valid date."]),
    ],
)
def test_the_shared_templates_name_the_field_in_the_summary_and_beside_it(language, expected):
    # Django's own messages ("Bidang ini tidak boleh kosong.") are named too.
    with translation.override(language):
        form = Answer(data={"reason": "", "day": "32-13-2026"})
        html = render_to_string("includes/error_summary.html", {"form": form})
        html += "".join(render_to_string("includes/field.html", {"field": f}) for f in form)
        summary, inline = _messages(html)
    assert summary == expected
    assert inline == expected  # GOV.UK: the same words beside the field as in the summary
