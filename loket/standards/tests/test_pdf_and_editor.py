"""The PDF keeps the deadline items with their heading (issue #11 §5: the last two were left
alone on page 2), and the draft editor numbers items from 1."""

import io

import pypdf
import pytest

from loket.standards import pdf, services
from loket.standards.components import COMPONENTS, MANAGEMENT_FIELDS
from loket.standards.models import Standard

from .factories import SEED_CLASSES, ServiceFactory
from .helpers import edit_form_data

pytestmark = pytest.mark.django_db

HEADING = "Jangka Waktu Penyelesaian Pengaduan"


def _pages(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(content)).pages]


def test_the_deadline_items_are_never_split_from_their_heading(office_a, alice):
    """Push the classes down line by line over a page break: wherever the break falls, the
    heading and every item are on one page."""
    service = ServiceFactory(office=office_a)
    classes = [dict(row) for row in SEED_CLASSES * 2]
    for number, row in enumerate(classes):
        row["code"] = f"k{number}"
        row["text"] = f"{row['name']} nomor {number}, selambat-lambatnya {row['amount']} jam;"
    seen_second_page = False
    for extra in range(0, 60, 2):
        standard = Standard(
            service=service,
            version=1,
            requirements=[f"Persyaratan nomor {n}" for n in range(extra)],
            complaint_channels=["Kotak pengaduan"],
            complaint_classes=classes,
        )
        pages = _pages(pdf.render_standard(standard))
        holding = [text for text in pages if HEADING in text]
        assert len(holding) == 1
        for number in range(len(classes)):
            assert f"nomor {number}, selambat" in holding[0], (extra, number)
        seen_second_page |= pages.index(holding[0]) > 0
    assert seen_second_page  # the loop did reach the page break


def test_the_draft_editor_numbers_items_from_1(client, alice, office_a):
    service = ServiceFactory(office=office_a)
    draft = services.create_draft(
        service,
        actor=alice,
        requirements=["Surat Tugas", "KTP"],
        procedure=[{"label": "a", "text": "Datang"}],
        complaint_classes=[dict(SEED_CLASSES[0])],
    )
    data = edit_form_data(draft)
    assert (data["requirements-0-order"], data["requirements-1-order"]) == (1, 2)
    assert data["procedure-0-order"] == 1
    assert data["classes-0-order"] == 1
    client.force_login(alice)
    page = client.get(f"/staf/{office_a.slug}/standar/{service.slug}/draf/").content.decode()
    assert 'name="requirements-0-order" value="1"' in page
    assert 'name="requirements-0-order" value="0"' not in page


def test_the_fourteen_components_are_one_list_the_model_and_editor_follow():
    assert [c.number for c in COMPONENTS] == list(range(1, 15))
    assert sum(c.public for c in COMPONENTS) == 6
    fields = {f.name for f in Standard._meta.get_fields()}
    for component in COMPONENTS:
        assert set(component.fields) <= fields, component.key
        assert set(component.fields) <= set(services.EDITABLE_FIELDS)
    assert len(MANAGEMENT_FIELDS) == 8
