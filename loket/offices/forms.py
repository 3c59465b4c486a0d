from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from loket.notify.tasks import send_email


class StaffAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with messages that read well in Bahasa Indonesia.

    Django's own Indonesian message repeats the field name ("nama pengguna nama pengguna").
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa keduanya; huruf besar dan kecil "
            "dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin instansi Anda."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose mail goes through the background worker.

    The request returns at once even when the mail server is slow or down; the task
    result keeps the failure for the administrator.
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
