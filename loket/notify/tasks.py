"""Background delivery of outbound messages (run by the django-tasks database worker)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from .delivery import deliver


@task()
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one e-mail through the configured SMTP server.

    Raises on SMTP failure so the task result records the error; the caller's state was
    already committed, so a mail server that is down never blocks the user's action.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def deliver_message(message_id: int) -> bool:
    """Deliver one outbox row. A failure is recorded on the row (with its next try) rather
    than raised: the outbox, not the task queue, owns retries."""
    return deliver(message_id)
