"""Office admins upload a SIPPN text on the standards page: a preview first, drafts only after
they confirm. And `import_standard --create-office` onboards an office from the header."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from loket.offices.services import office_by_slug
from loket.standards.models import Service, Standard

from .helpers import SEED
from .test_sippn_examples import DUKCAPIL, PARIA

pytestmark = pytest.mark.django_db


def _url(office):
    return f"/staf/{office.slug}/standar/impor/"


def test_the_upload_shows_a_preview_and_writes_nothing_until_confirmed(client, alice, office_a):
    client.force_login(alice)
    assert client.get(f"/staf/{office_a.slug}/standar/").content.decode().count(_url(office_a))
    upload = SimpleUploadedFile("dukcapil.txt", DUKCAPIL.read_bytes(), "text/plain")
    preview = client.post(_url(office_a), {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Pembuatan Kartu Keluarga (KK)" in html
    assert "Pencetakan Kartu Tanda Penduduk elektronik (KTP-el)" in html
    assert "100% teks ditempatkan" in html
    assert "Terlambat: Rp. 10.000,-" in html
    assert not Service.objects.exists()  # a preview writes nothing
    source = preview.context["source"]
    done = client.post(_url(office_a), {"confirm": "1", "source": source})
    assert done.status_code == 302
    assert Standard.objects.filter(service__office=office_a, status="draft").count() == 2


def test_pasted_text_of_one_service_leads_to_its_draft(client, alice, office_a):
    client.force_login(alice)
    preview = client.post(_url(office_a), {"text": PARIA.read_text()})
    assert preview.status_code == 200
    done = client.post(_url(office_a), {"confirm": "1", "source": preview.context["source"]})
    service = Service.objects.get(office=office_a)
    assert done["Location"] == f"/staf/{office_a.slug}/standar/{service.slug}/draf/"
    draft = Standard.objects.get(service=service)
    assert len(draft.complaint_classes) == 4
    assert draft.placed_percent == 100
    page = client.get(done["Location"]).content.decode()
    assert "Pengimpor menempatkan 100% teks." in page


def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_written(client, alice, office_a):
    client.force_login(alice)
    upload = SimpleUploadedFile("gambar.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")
    response = client.post(_url(office_a), {"file": upload})
    assert response.status_code == 400
    assert "Berkas ini biner" in response.content.decode()
    empty = client.post(_url(office_a), {})
    assert empty.status_code == 400
    assert "Pilih berkas teks SIPPN" in empty.content.decode()
    tampered = client.post(_url(office_a), {"confirm": "1", "source": "%%%"})
    assert tampered.status_code == 400
    assert not Service.objects.exists()


def test_only_the_offices_admins_may_import(client, bob, carol, office_a):
    client.force_login(bob)
    assert client.get(_url(office_a)).status_code == 403
    client.force_login(carol)
    assert client.get(_url(office_a)).status_code == 404
    assert client.post(_url(office_a), {"text": PARIA.read_text()}).status_code == 404
    assert not Service.objects.exists()


def test_create_office_onboards_the_office_from_the_header_and_flags_what_to_confirm():
    out = io.StringIO()
    call_command("import_standard", str(SEED), "--create-office", stdout=out)
    office = office_by_slug("biro-perekonomian")
    assert office is not None
    assert (office.name, office.parent_name) == (
        "Biro Perekonomian",
        "Pemerintah Provinsi Kalimantan Barat",
    )
    assert office.address.startswith("Jl. Jenderal Ahmad Yani")
    assert (office.postal_code, office.phone, office.email) == (
        "78124",
        "+62561736541",  # stored in E.164 (issue #11)
        "biroekonomi@kalbarprov.g.id",
    )
    assert office.timezone == "Asia/Jakarta"
    report = out.getvalue()
    assert "office created: Biro Perekonomian (biro-perekonomian)" in report
    assert "100% of the text placed" in report
    assert "kalbarprov.g.id" in report  # the e-mail outside .go.id, kept and flagged
    assert "zona waktu" in report  # the assumed time zone, to confirm
    draft = Standard.objects.get(service__office=office)
    assert {w["code"] for w in draft.import_warnings} >= {"header_email_g_id", "timezone_assumed"}


def test_create_office_with_a_code_and_zone_and_refuses_an_existing_code(office_a):
    call_command(
        "import_standard",
        str(PARIA),
        "--create-office",
        "--office",
        "kelurahan-paria",
        "--timezone",
        "Asia/Makassar",
        stdout=io.StringIO(),
    )
    office = office_by_slug("kelurahan-paria")
    assert (office.timezone, office.postal_code) == ("Asia/Makassar", "90991")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="sudah ada"):
        call_command("import_standard", str(PARIA), "--create-office", "--office", office_a.slug)
