from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from loket.notify.tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose mail goes through the background worker.

    The request returns at once even when the mail server is slow or down; the task
    result keeps the failure for the administrator.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        send_email.enqueue(subject=subject, body=body, to=[to_email], html=html)
