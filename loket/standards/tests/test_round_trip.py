"""Done when the seed round-trips: import -> publish -> the public page, the PDF and the JSON
all carry every item of the seed; an admin changes and republishes; the earlier version
stays visible at its own URL. Driven through the command and the staff pages, as a person
would."""

import io

import pytest
import time_machine
from django.core.management import call_command

from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.site.demo import load_demo_office
from loket.standards import selectors
from loket.standards.models import Service, Standard, StandardEvent

from .helpers import (
    SEED,
    SEED_CHANNELS,
    SEED_CLASSES,
    SEED_FLOW,
    SEED_PROCEDURE,
    SEED_REQUIREMENTS,
    assert_in_order,
    edit_form_data,
    import_one,
    page_items,
    page_text,
    pdf_text,
)

pytestmark = pytest.mark.django_db

# 01.30 WIB on Monday 5 January 2026 is still Sunday in UTC: dates must follow the office zone.
PUBLISHED_AT = "2026-01-04 18:30:00+00:00"
REPUBLISHED_AT = "2026-03-02 02:00:00+00:00"  # 09.00 WIB, Monday 2 March 2026
URL = "/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/"
STAFF = "/staf/biro-perekonomian-kalbar/standar/pelayanan-konsultasi/"
DECREE = "188.4/45/BIRO-EKON/2026"


@pytest.fixture
def office():
    return load_demo_office()


@pytest.fixture
def yusuf(office):
    user = UserFactory(username="yusuf", first_name="Yusuf", last_name="Admin")
    MembershipFactory(user=user, office=office, role=Role.OFFICE_ADMIN)
    return user


def _json_matches_the_seed(standard: dict) -> None:
    assert standard["requirements"] == SEED_REQUIREMENTS
    assert [(s["label"], s["text"]) for s in standard["procedure"]] == SEED_PROCEDURE
    assert standard["completion_time"] == {"text": "15 Menit", "amount": 15, "unit": "minutes"}
    assert standard["administration_time"] == {
        "text": "15 Menit",
        "amount": 15,
        "unit": "minutes",
    }
    assert standard["consultation_time"] == {
        "text": "Sesuai Materi Konsultasi",
        "amount": None,
        "unit": None,
    }
    assert standard["fee"] == {
        "text": "Tidak dipungut biaya",
        "amount": 0,
        "tiers": [],
        "legal_basis": "",
    }
    assert standard["products"] == ["pelayanan konsultasi"]
    complaints = standard["complaints"]
    assert complaints["intro"] == "Pengaduan dapat dilakukan melalui :"
    assert complaints["channels"] == SEED_CHANNELS
    assert complaints["flow"] == SEED_FLOW
    assert [
        (c["code"], c["text"], c["amount"], c["unit"]) for c in complaints["deadline_classes"]
    ] == SEED_CLASSES


def test_the_seed_round_trips_and_an_admin_republishes_without_losing_the_old_version(
    client, office, yusuf
):
    # 1. Import the seed with the command: a draft, flagged, not public yet.
    out = io.StringIO()
    call_command("import_standard", str(SEED), "--office", office.slug, stdout=out)
    report = out.getvalue()
    assert "created: Biro Perekonomian / Pelayanan Konsultasi, version 1" in report
    assert "to confirm:" in report
    assert "biroekonomi@kalbarprov.g.id" in report
    assert client.get(URL).status_code == 404
    assert client.get("/api/v1/services/").json() == []

    # 2. The admin reads the flag, confirms it and publishes.
    client.force_login(yusuf)
    publish_page = client.get(f"{STAFF}draf/terbitkan/").content.decode()
    assert "biroekonomi@kalbarprov.g.id" in publish_page
    assert "Kepala surat seperti tertulis dalam teks" in publish_page
    assert "0561736541" in publish_page
    with time_machine.travel(PUBLISHED_AT, tick=False):
        response = client.post(
            f"{STAFF}draf/terbitkan/",
            {"decree_number": "", "effective_date": "2026-01-05", "warnings_confirmed": "on"},
        )
    assert response.status_code == 302
    client.logout()

    # 3. Public page, PDF and JSON carry every item of the seed, in its order.
    assert_in_order(page_text(client.get(URL).content.decode()), page_items())
    pdf = pdf_text(client.get(f"{URL}pdf/").content)
    assert_in_order(
        pdf,
        [
            "Pemerintah Provinsi Kalimantan Barat",
            "Biro Perekonomian",
            "Jl. Jenderal Ahmad Yani",
            "78124",
            "Standar pelayanan",
            *page_items(),
        ],
    )
    assert "Versi 1, terbit 5 Januari 2026" in pdf
    assert "Berlaku sejak 5 Januari 2026" in pdf
    [listed] = client.get("/api/v1/services/").json()
    assert listed["url"] == f"http://testserver{URL}"
    assert listed["standard"]["decree_number"] == ""
    assert listed["standard"]["effective_date"] == "2026-01-05"
    assert listed["standard"]["published_at"].startswith("2026-01-04T18:30:00")
    _json_matches_the_seed(listed["standard"])
    assert client.get(f"/api/v1/services/{listed['id']}/").json() == listed
    # the classes the complaints app uses for this office, durations as data
    assert [(c.code, c.amount, c.unit) for c in selectors.complaint_classes(office)] == [
        (code, amount, unit) for code, _text, amount, unit in SEED_CLASSES
    ]

    # 4. The admin starts version 2, edits it, previews it and publishes it with a decree.
    client.force_login(yusuf)
    with time_machine.travel(REPUBLISHED_AT, tick=False):
        client.post(f"{STAFF}versi-baru/")
        draft = selectors.draft_of(Service.objects.get())
        data = edit_form_data(draft)
        data["requirements-3-text"] = "Surat Permohonan"
        data["channels-1-text"] = "Tertulis disampaikan ke Kotak Pengaduan di lobi;"
        response = client.post(f"{STAFF}draf/", {**data, "preview": "1"})
        assert response.status_code == 302
        preview = page_text(client.get(f"{STAFF}draf/pratinjau/").content.decode())
        assert "Surat Permohonan" in preview
        assert "di lobi" in preview
        assert "Surat Permohonan" not in client.get(URL).content.decode()  # still a draft
        response = client.post(
            f"{STAFF}draf/terbitkan/", {"decree_number": DECREE, "effective_date": "2026-03-02"}
        )
        assert response.status_code == 302
        history = client.get(STAFF).content.decode()
    client.logout()
    assert "2 Mar 2026 09.00" in history
    assert "Yusuf Admin" in history
    assert "Persyaratan, Saluran pengaduan" in history  # what changed, as the form names it
    events = StandardEvent.objects.filter(standard__version=2).order_by("id")
    assert [(e.action, e.actor) for e in events] == [
        ("draft_created", yusuf),
        ("draft_updated", yusuf),
        ("published", yusuf),
    ]
    assert set(events[1].fields) == {"requirements", "complaint_channels"}

    # 5. The public sees version 2; version 1 stays readable at its own URL, unchanged.
    current = page_text(client.get(URL).content.decode())
    assert f"No. SK {DECREE}" in current
    assert "4. Surat Permohonan" in current
    assert "2) Tertulis disampaikan ke Kotak" in current
    assert "Versi lain" in current
    assert "Versi 1" in current
    assert f'href="{URL}versi/1/"' in client.get(URL).content.decode()
    old = page_text(client.get(f"{URL}versi/1/").content.decode())
    assert_in_order(old, page_items())
    assert "Surat Permohonan" not in old
    assert "bukan versi yang berlaku" in old
    old_pdf = pdf_text(client.get(f"{URL}versi/1/pdf/").content)
    assert_in_order(old_pdf, page_items())
    new_pdf = pdf_text(client.get(f"{URL}pdf/").content)
    assert f"No. SK {DECREE}" in new_pdf
    assert "Versi 2, terbit 2 Maret 2026" in new_pdf
    [listed] = client.get("/api/v1/services/").json()
    assert (listed["standard"]["version"], listed["standard"]["decree_number"]) == (2, DECREE)
    assert listed["standard"]["requirements"] == [*SEED_REQUIREMENTS, "Surat Permohonan"]
    assert listed["standard"]["url"] == f"http://testserver{URL}versi/2/"

    # 6. Importing the seed again (make run reloads the demo) does not undo the admin's work.
    assert import_one(SEED.read_bytes(), office=office).status == "unchanged"
    assert Standard.objects.count() == 2
    assert selectors.standard_in_force(Service.objects.get()).version == 2
