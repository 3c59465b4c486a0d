"""The staff password-reset form of the site (its URLs are in `loket/urls.py`)."""

import hashlib

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from loket.notify.services import queue_email
from loket.ratelimit import over_limit

RESETS_PER_HOUR = 3


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose mail goes through the notify outbox like every other message.

    The request returns at once even when the mail server is slow or down: the message is a
    row committed with the request and delivered by the worker, retried with backoff, and
    visible to the administrator (Pesan keluar) when it fails for good.
    """

    email = forms.EmailField(
        label=_("Alamat e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Tulis alamat e-mail akun staf Anda."),
            "invalid": _(
                "Tulis alamat e-mail dengan format yang benar, seperti nama@instansi.go.id."
            ),
        },
    )

    def get_users(self, email):
        """The accounts to mail, none once this address asked RESETS_PER_HOUR times in the
        hour (issue 12, finding 7: 25 requests sent 25 mails). The page answers the same
        either way, so it tells nothing about which addresses have accounts."""
        request = getattr(self, "_request", None)
        if request is not None and over_limit(
            request,
            group="password-reset-address",
            key=hashlib.sha256(email.strip().lower().encode()).hexdigest(),
            rate=f"{RESETS_PER_HOUR}/h",
        ):
            return iter(())
        return super().get_users(email)

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

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
        with transaction.atomic():
            queue_email(
                to=to_email,
                subject=subject,
                body=body,
                html=html,
                topic="password_reset",
                related=f"user:{context['user'].pk}",
                erase_after_send=True,
            )
