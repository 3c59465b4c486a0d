"""The staff password-reset mail goes through the notify outbox: a row committed with the
request, delivered by the worker (database task backend) to a real SMTP server on loopback."""

import re

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from loket.notify.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_reset_mail_is_an_outbox_row_then_delivered_by_the_worker(
    client, alice, db_tasks, smtp_server
):
    response = client.post("/staf/lupa-sandi/", {"email": alice.email})
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing sent inside the request
    queued = OutboxMessage.objects.get()
    assert (queued.recipient, queued.status) == (alice.email, OutboxMessage.Status.PENDING)
    assert (queued.topic, queued.related) == ("password_reset", f"user:{alice.pk}")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    [message] = smtp_server.wait_for(1)
    assert message["To"] == alice.email
    assert message["Subject"] == "Atur ulang kata sandi Loket"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://\S+/staf/sandi-baru/\S+/", body).group(0)
    sent = OutboxMessage.objects.get()
    assert sent.status == OutboxMessage.Status.SENT
    # The link does not outlive its delivery in the outbox table.
    assert (sent.body, sent.html) == ("", "")
    assert "sandi-baru" not in str(DBTaskResult.objects.values_list("return_value", "args_kwargs"))

    # The link really resets the password.
    path = link.split("testserver", 1)[1]
    form_url = client.get(path)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "sandi-baru-yang-kuat-77", "new_password2": "sandi-baru-yang-kuat-77"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("sandi-baru-yang-kuat-77")


def test_a_mail_server_that_is_down_keeps_the_message_for_a_retry(
    client, alice, db_tasks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = client.post("/staf/lupa-sandi/", {"email": alice.email})
    assert response.status_code == 302
    run_worker()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db_tasks, smtp_server):
    response = client.post("/staf/lupa-sandi/", {"email": "siapa@contoh.go.id"})
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_address_gets_at_most_three_reset_mails_an_hour_and_the_same_answer(
    client, alice, db_tasks
):
    answers = [client.post("/staf/lupa-sandi/", {"email": alice.email}) for _ in range(5)]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/staf/lupa-sandi/terkirim/")
    }
    assert OutboxMessage.objects.filter(topic="password_reset").count() == 3
