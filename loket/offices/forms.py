from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
