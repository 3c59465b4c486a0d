"""Every form error names its field (issue 11 §5): "Wajib diisi." three times in an error
summary, or Django's "Bidang ini tidak boleh kosong.", tells nobody what to fix. The one rule,
`named`, is used by the shared templates of every form (`includes/error_summary.html`,
`includes/field.html`, through the `field_errors` template library registered in
`TEMPLATES`) and by forms whose errors leave the page (the complaints forms)."""

import re

from django import template

register = template.Library()


def named(label: object, message: object) -> str:
    """`message` as "<label>: <message>" ("Nama lengkap: Wajib diisi."), unless the field has
    no label or the message names it already: it holds the label ("Tulis nama lengkap
    Anda.") or each of its words ("Tulis instansi atau lembaga asal Anda." for "Instansi /
    lembaga asal"), as GOV.UK's messages do. Shown in the language active when called (lazy
    translations are resolved here)."""
    text = str(message)
    label_text = str(label or "").rstrip(" ?:*")
    if not label_text or _names(text.casefold(), label_text.casefold()):
        return text
    return f"{label_text}: {text}"


def _names(text: str, label: str) -> bool:
    if label in text:
        return True
    words = [word for word in re.findall(r"\w+", label) if len(word) > 2]
    return bool(words) and all(word in text for word in words)


@register.filter
def named_by(message: object, field) -> str:
    """{{ error|named_by:field }}: the error of a bound field, named by its label."""
    return named(getattr(field, "label", ""), message)
