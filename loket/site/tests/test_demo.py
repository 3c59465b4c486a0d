import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from loket.offices.models import Channel, Division, Membership, Office, Role

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count() for model in (Office, Division, Channel, Membership, get_user_model())
    ]


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    password = get_user_model().objects.get(username="admin").password
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first == [1, 3, 7, 7, 8]
    assert get_user_model().objects.get(username="admin").password == password


def test_the_demo_has_one_staff_user_per_role(capsys):
    call_command("load_demo")
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    consultant = Membership.objects.get(role=Role.CONSULTANT)
    assert consultant.division.name == "Bagian Pelayanan Dasar"
    out = capsys.readouterr().out
    assert "demo-loket-2026" in out
    assert "konsultan" in out


def test_demo_logins_are_refused_in_production(settings):
    from django.core.management.base import CommandError

    settings.LOKET_PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo")


def test_the_demo_has_a_system_administrator_who_opens_the_admin_site(client, capsys):
    call_command("load_demo")
    admin = get_user_model().objects.get(username="sistem")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert not Membership.objects.filter(user=admin).exists()
    assert "sistem" in capsys.readouterr().out
    response = client.post(
        "/staf/masuk/", {"username": "sistem", "password": "demo-loket-2026"}, follow=True
    )
    assert response.status_code == 200
    assert client.get("/admin-sistem/").status_code == 200


def test_the_demo_standards_pdf_keeps_the_deadline_items_with_their_heading():
    """Issue 11 §5: the last two deadline items were alone on page 2, away from the heading."""
    import pypdf

    from loket.site.demo import load_demo_office, load_demo_standard
    from loket.standards import pdf

    standard = load_demo_standard(load_demo_office())
    reader = pypdf.PdfReader(io.BytesIO(pdf.render_standard(standard, url="http://x/")))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 2
    (holding,) = [text for text in pages if "Jangka Waktu Penyelesaian Pengaduan" in text]
    names = [row["name"] for row in standard.complaint_classes]
    assert len(names) == 4
    for name in names:
        assert name in holding


def test_the_sign_in_page_lists_every_demo_login_with_the_system_administrator(client, settings):
    assert "Login demo" not in client.get("/staf/masuk/").content.decode()  # none loaded
    call_command("load_demo", stdout=io.StringIO())
    page = client.get("/staf/masuk/").content.decode()
    assert "demo-loket-2026" in page
    for login in ("informasi", "konsultan", "pejabat", "tim", "kepala", "admin"):
        assert f"<code>{login}</code>" in page
    assert "<code>sistem</code> (Admin sistem)" in page
    settings.LOKET_PRODUCTION = True
    assert "<code>sistem</code>" not in client.get("/staf/masuk/").content.decode()
