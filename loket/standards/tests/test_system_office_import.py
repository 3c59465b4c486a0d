"""The system administrator creates an office from a SIPPN text (issue 14):
`/staf/sistem/instansi/dari-sippn/`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.offices.models import Office
from loket.offices.tests.factories import OfficeFactory, UserFactory
from loket.standards.models import Standard

from .helpers import SEED
from .test_sippn_examples import DUKCAPIL

pytestmark = pytest.mark.django_db

URL = "/staf/sistem/instansi/dari-sippn/"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")


def test_the_system_admin_creates_an_office_and_its_drafts(client, root):
    client.force_login(root)
    assert URL in client.get("/staf/sistem/instansi/").content.decode()
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"file": _upload(SEED), "slug": "", "timezone": "Asia/Pontianak"})
    assert response.status_code == 302
    assert response["Location"] == "/staf/sistem/instansi/"
    office = Office.objects.get(slug="biro-perekonomian")
    assert (office.name, office.timezone, office.phone) == (
        "Biro Perekonomian",
        "Asia/Pontianak",
        "+62561736541",
    )
    assert Standard.objects.filter(service__office=office, status="draft").count() == 1
    listing = client.get(response["Location"]).content.decode()
    assert "Biro Perekonomian dibuat dari teks SIPPN dengan 1 draf standar" in listing
    assert "kalbarprov.g.id" in listing  # the header's e-mail, flagged to check
    assert "zona waktu" not in listing  # the time zone was chosen, not assumed
    assert "/staf/biro-perekonomian/akun-staf/undang/" in listing


def test_a_chosen_code_and_every_service_of_the_text(client, root):
    client.force_login(root)
    data = {"file": _upload(DUKCAPIL), "slug": "dukcapil-contoh", "timezone": "Asia/Jakarta"}
    assert client.post(URL, data).status_code == 302
    office = Office.objects.get(slug="dukcapil-contoh")
    assert Standard.objects.filter(service__office=office).count() == 2


@pytest.mark.parametrize(
    ("slug", "field"),
    [("biro-perekonomian", "slug"), ("sistem", "slug"), ("akun", "slug")],
)
def test_a_taken_or_reserved_code_writes_nothing(client, root, slug, field):
    OfficeFactory(slug="biro-perekonomian", name="Biro Perekonomian")
    client.force_login(root)
    response = client.post(URL, {"file": _upload(SEED), "slug": slug, "timezone": "Asia/Jakarta"})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Office.objects.count() == 1
    assert not Standard.objects.exists()


def test_a_text_that_is_not_sippn_and_a_missing_time_zone_are_refused(client, root):
    client.force_login(root)
    response = client.post(URL, {"text": "Bukan standar pelayanan.", "timezone": ""})
    assert response.status_code == 400
    assert "timezone" in response.context["form"].errors
    response = client.post(URL, {"text": "Bukan standar pelayanan.", "timezone": "Asia/Jakarta"})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Office.objects.exists()


@pytest.mark.parametrize("user", ["alice", "bob", "carol"])
def test_anyone_but_the_system_admin_gets_404(request, client, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 404
    data = {"file": _upload(SEED), "slug": "", "timezone": "Asia/Jakarta"}
    assert client.post(URL, data).status_code == 404
    assert not Office.objects.filter(slug="biro-perekonomian").exists()
