"""Large report exports prepared in the background (issue 16): the link asks for a job, the
task builds the same file as the immediate download, the job's page shows its progress (htmx
and without JavaScript) and the download, only to the readers of the same office or the
supervisors of the same offices; expired files are purged."""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.reports import exports, jobs, services, tasks
from loket.reports.models import ExportJob

from .conftest import NOW
from .test_report_pdf import text_of

pytestmark = pytest.mark.django_db

YEAR = "periode=tahun-ini"
REPORT = "/staf/kantor-a/laporan/"
ROOT = Path(django_settings.BASE_DIR)


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells(data: bytes) -> dict[str, list[tuple]]:
    """An XLSX workbook's values and number formats, sheet by sheet (its bytes also hold
    the zip's timestamps)."""
    book = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [tuple((c.value, c.number_format) for c in row) for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }


def opening(html: str) -> str:
    """The opening tag of the job's progress element (the one htmx polls)."""
    found = re.search(r'<div id="export-job"[^>]*>', html)
    assert found is not None
    return found.group(0)


def ask(client, url: str, kind: str, query: str, capture) -> ExportJob:
    """POST the prepare page's form (the task runs at commit, immediately in the tests)."""
    with capture(execute=True):
        response = client.post(url, {"format": kind, "kueri": query})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"].endswith(f"/ekspor/{job.public_id}/")
    return job


@pytest.fixture
def sri(office_a, office_b):
    """Supervisor of offices A and B."""
    user = UserFactory(username="sri")
    MembershipFactory(user=user, office=office_a, role=Role.SUPERVISOR)
    MembershipFactory(user=user, office=office_b, role=Role.SUPERVISOR)
    return user


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
@time_machine.travel(NOW, tick=False)
def test_a_year_is_built_by_the_task_with_the_immediate_download_s_content(
    client, hana, november, desk, survey, settings, kind, django_capture_on_commit_callbacks
):
    client.force_login(hana)
    page = client.get(f"{REPORT}?{YEAR}")
    assert "Ekspor ini besar" in page.content.decode()
    prepare = client.get(f"{REPORT}unduh.{kind}?{YEAR}")
    html = prepare.content.decode()
    assert prepare.status_code == 200
    assert f'action="{REPORT}ekspor/siapkan/"' in html
    assert f'name="kueri" value="{YEAR}"' in html
    assert not ExportJob.objects.exists()  # a GET asks for nothing

    job = ask(client, f"{REPORT}ekspor/siapkan/", kind, YEAR, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == ("done", 2, 2, 100)
    assert (job.requested_by, job.office, job.scope, job.kind) == (hana, job.office, "office", kind)
    assert job.params == {"query": {"periode": ["tahun-ini"]}, "today": "2026-12-01"}
    assert job.expires_at == NOW + timedelta(hours=24)
    assert job.file.name.startswith(f"reports/exports/{job.public_id}/")
    download = client.get(f"{REPORT}ekspor/{job.public_id}/unduh/")
    assert download.status_code == 200
    built = content(download)

    settings.LOKET_EXPORT_INLINE_DAYS = 366
    inline = client.get(f"{REPORT}unduh.{kind}?{YEAR}")
    assert download["Content-Disposition"] == inline["Content-Disposition"]
    assert 'filename="laporan-kantor-a-20260101-20261231.' in inline["Content-Disposition"]
    assert download["Content-Type"] == inline["Content-Type"]
    if kind == "pdf":  # its document id differs per rendering; its text does not
        assert text_of(built) == text_of(inline.content)
        assert "Pengaduan diterima 14" in text_of(built)
    elif kind == "xlsx":
        assert cells(built) == cells(inline.content)
        assert "Ringkasan" in cells(built)
    else:
        assert built == inline.content


@time_machine.travel(NOW, tick=False)
def test_a_month_stays_immediate(client, hana, november):
    client.force_login(hana)
    response = client.get(f"{REPORT}unduh.csv?periode=bulan-lalu")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Ekspor ini besar" not in client.get(f"{REPORT}?periode=bulan-lalu").content.decode()
    assert not ExportJob.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_progress_page_polls_with_htmx_and_refreshes_without_it(client, hana, service):
    client.force_login(hana)
    client.post(f"{REPORT}ekspor/siapkan/", {"format": "csv", "kueri": YEAR})
    job = ExportJob.objects.get()  # queued: the task waits for the commit
    url = f"{REPORT}ekspor/{job.public_id}/"
    html = client.get(url).content.decode()
    assert "Menunggu giliran untuk disiapkan" in html
    poll = opening(html)
    assert f'hx-get="{url}"' in poll
    assert 'hx-trigger="every 3s"' in poll
    assert '"X-Loket-Poll": "1"' in poll
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'<a href="{url}">Muat ulang</a>' in html
    assert '<progress max="100" value="0">' in html
    assert "langkah" not in html  # no step counted yet

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="export-job"')
    assert "<html" not in fragment

    assert tasks.build_export.call(public_id=str(job.public_id)) == "done"
    assert tasks.build_export.call(public_id=str(job.public_id)) == "skipped"  # delivered twice
    done = client.get(url).content.decode()
    assert "Berkas sudah siap." in done
    assert f'href="{url}unduh/"' in done
    assert "Tersedia sampai 2 Desember 2026 10.00 WIB" in done
    assert "hx-trigger" not in opening(done)
    assert "http-equiv" not in done
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in opening(fragment)
    assert "Berkas sudah siap." in fragment


@time_machine.travel(NOW, tick=False)
def test_a_running_job_shows_its_steps(client, hana, service):
    client.force_login(hana)
    client.post(f"{REPORT}ekspor/siapkan/", {"format": "csv", "kueri": f"?{YEAR}&x=1"})
    asked = ExportJob.objects.get()
    assert asked.params["query"] == {"periode": ["tahun-ini"]}  # the report's fields only
    job = services.start_export(str(asked.public_id))
    assert job is not None
    services.export_progress(job, done=1, total=2)
    html = client.get(f"{REPORT}ekspor/{job.public_id}/").content.decode()
    assert "Sedang disiapkan" in html
    assert '<progress max="100" value="50">' in html
    assert "1 dari 2 langkah (50%)" in html
    assert client.get(f"{REPORT}ekspor/{job.public_id}/unduh/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_failed_job_says_so_in_indonesian_and_offers_no_file(
    client, hana, service, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "as_csv", broken)
    client.force_login(hana)
    job = ask(client, f"{REPORT}ekspor/siapkan/", "csv", YEAR, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.error, bool(job.file)) == ("failed", "RuntimeError: disk full", False)
    html = client.get(f"{REPORT}ekspor/{job.public_id}/").content.decode()
    assert "Berkas tidak dapat dibuat" in html
    assert "Silakan minta lagi dari halaman laporan" in html
    assert "disk full" not in html
    assert "hx-trigger" not in opening(html)
    assert client.get(f"{REPORT}ekspor/{job.public_id}/unduh/").status_code == 404
    assert "report export" in caplog.text


@time_machine.travel(NOW, tick=False)
def test_only_the_office_s_report_readers_open_a_job_and_downloads_are_logged(
    client, hana, alice, bob, carol, office_b, service, django_capture_on_commit_callbacks, caplog
):
    client.force_login(hana)
    job = ask(client, f"{REPORT}ekspor/siapkan/", "csv", YEAR, django_capture_on_commit_callbacks)
    page, file = f"{REPORT}ekspor/{job.public_id}/", f"{REPORT}ekspor/{job.public_id}/unduh/"
    # Another office's admin: 404, also under the URL of her own office.
    client.force_login(carol)
    assert client.get(page).status_code == 404
    assert client.get(file).status_code == 404
    assert client.get(f"/staf/kantor-b/laporan/ekspor/{job.public_id}/").status_code == 404
    assert client.get(f"/staf/kantor-b/laporan/ekspor/{job.public_id}/unduh/").status_code == 404
    assert client.get(f"/staf/provinsi/ekspor/{job.public_id}/").status_code == 404
    # A colleague without a reader's role: 403; she cannot ask for one either.
    client.force_login(bob)
    assert client.get(page).status_code == 403
    assert client.get(file).status_code == 403
    assert (
        client.post(f"{REPORT}ekspor/siapkan/", {"format": "csv", "kueri": YEAR}).status_code == 403
    )
    # The office admin reads the same report: she may download it, and it is logged.
    client.force_login(alice)
    caplog.set_level(logging.INFO, logger="loket.reports")
    assert client.get(page).status_code == 200
    assert client.get(file).status_code == 200
    assert f"report export {job.public_id} (office csv" in caplog.text
    assert f"downloaded by user {alice.pk}" in caplog.text
    # An unknown job, a kind the scope has not, a visitor.
    assert client.get(f"{REPORT}ekspor/{uuid4()}/").status_code == 404
    assert client.post(f"{REPORT}ekspor/siapkan/", {"format": "docx"}).status_code == 404
    client.logout()
    assert client.get(page).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_the_province_comparison_in_batches_equals_the_immediate_one(
    client, sri, hana, office_a, office_b, november, settings, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    monkeypatch.setattr(tasks, "PROVINCE_BATCH", 1)
    query = "periode=bulan-lalu&urut=volume"
    settings.LOKET_EXPORT_INLINE_DAYS = 59  # two offices times 30 days: 60
    client.force_login(sri)
    assert "Ekspor ini besar" in client.get(f"/staf/provinsi/?{query}").content.decode()
    prepare = client.get(f"/staf/provinsi/unduh.xlsx?{query}").content.decode()
    assert 'action="/staf/provinsi/ekspor/siapkan/"' in prepare
    job = ask(
        client, "/staf/provinsi/ekspor/siapkan/", "xlsx", query, django_capture_on_commit_callbacks
    )
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 3, 3)  # two offices, then the file
    assert sorted(job.params["offices"]) == sorted([office_a.pk, office_b.pk])
    built = content(client.get(f"/staf/provinsi/ekspor/{job.public_id}/unduh/"))
    settings.LOKET_EXPORT_INLINE_DAYS = 60
    assert cells(built) == cells(client.get(f"/staf/provinsi/unduh.xlsx?{query}").content)
    assert len(cells(built)["Perbandingan instansi"]) == 3  # the header and two offices
    # The head of office A supervises nothing: 404; a supervisor of office A alone: 404.
    client.force_login(hana)
    assert client.get(f"/staf/provinsi/ekspor/{job.public_id}/").status_code == 404
    alone = UserFactory(username="ani")
    MembershipFactory(user=alone, office=office_a, role=Role.SUPERVISOR)
    client.force_login(alone)
    assert client.get(f"/staf/provinsi/ekspor/{job.public_id}/").status_code == 404
    assert client.get(f"/staf/provinsi/ekspor/{job.public_id}/unduh/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_supervised_office_s_report_goes_through_the_province_pages(
    client, sri, office_a, november, django_capture_on_commit_callbacks, hana
):
    client.force_login(sri)
    base = "/staf/provinsi/kantor-a/"
    prepare = client.get(f"{base}unduh.csv?{YEAR}").content.decode()
    assert f'action="{base}ekspor/siapkan/"' in prepare
    job = ask(client, f"{base}ekspor/siapkan/", "csv", YEAR, django_capture_on_commit_callbacks)
    page = client.get(f"/staf/provinsi/ekspor/{job.public_id}/").content.decode()
    assert f'href="{base}?{YEAR}"' in page  # back to the supervised office's report
    assert client.get(f"/staf/provinsi/ekspor/{job.public_id}/unduh/").status_code == 200
    # Not a job of the office's own report pages, and no PDF for a supervisor.
    client.force_login(hana)
    assert client.get(f"{REPORT}ekspor/{job.public_id}/").status_code == 404
    client.force_login(sri)
    assert client.post(f"{base}ekspor/siapkan/", {"format": "pdf"}).status_code == 404


def test_expired_exports_are_deleted_with_their_files_and_stale_ones_fail(
    hana, office_a, django_capture_on_commit_callbacks
):
    def job(**fields) -> ExportJob:
        return services.request_export(
            user=hana, scope="office", kind="csv", params={}, office=office_a, **fields
        )

    old, fresh, stuck = job(now=NOW), job(now=NOW), job(now=NOW + timedelta(hours=20))
    for made in (old, fresh):
        services.start_export(str(made.public_id), now=NOW)
        made.total = 2
    services.finish_export(old, content=b"a", filename="a.csv", now=NOW)
    services.finish_export(fresh, content=b"b", filename="b.csv", now=NOW + timedelta(hours=2))
    old.refresh_from_db()
    path = old.file.name
    assert default_storage.exists(path)
    later = NOW + timedelta(hours=25)
    out = io.StringIO()
    call_command("purge_report_exports", "--dry-run", stdout=out)
    assert "0 expired" in out.getvalue()  # not yet, by the clock of the command
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.purge_report_exports(now=later) == (1, 1)
    assert not default_storage.exists(path)
    assert set(ExportJob.objects.values_list("pk", "state")) == {
        (fresh.pk, "done"),
        (stuck.pk, "failed"),
    }
    stuck.refresh_from_db()
    assert stuck.expires_at == later + timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.purge_report_exports(now=later) == (0, 0)  # idempotent


def test_the_purge_runs_with_the_other_periodic_jobs_and_is_in_the_cron_example():
    periodic = re.search(r"^PERIODIC := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert periodic is not None
    assert "purge_report_exports" in periodic.group(1).split()
    assert "manage.py purge_report_exports`" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("state", ["queued", "done"])
@time_machine.travel(NOW, tick=False)
def test_the_job_page_does_a_fixed_number_of_queries(
    client, hana, office_a, django_assert_num_queries, state, django_capture_on_commit_callbacks
):
    client.force_login(hana)
    for _ in range(3):  # other jobs of the office change nothing
        services.request_export(user=hana, scope="office", kind="csv", params={}, office=office_a)
    job = services.request_export(
        user=hana,
        scope="office",
        kind="csv",
        params={"query": {"periode": ["bulan-ini"]}, "today": "2026-12-01"},
        office=office_a,
    )
    if state == "done":
        tasks.build_export.call(public_id=str(job.public_id))
    url = f"{REPORT}ekspor/{job.public_id}/"
    # The session and the user (2), the office and the roles (2), the job (1); the whole
    # page also the header's unread notifications (1).
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_request_only_queues_and_the_worker_builds(
    client, hana, service, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(hana)
    response = client.post(f"{REPORT}ekspor/siapkan/", {"format": "xlsx", "kueri": YEAR})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.state, bool(job.file)) == ("queued", False)  # nothing built in the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    download = client.get(f"{REPORT}ekspor/{job.public_id}/unduh/")
    assert "Ringkasan" in cells(content(download))
