"""Channel accounts: what an office receives on, with its secrets kept encrypted."""

from __future__ import annotations

from django.db import transaction

from ..models import ChannelAccount, IntakeChannel, Provider


def whatsapp_app_secrets() -> list[str]:
    """App secrets of offices that run their own Meta app (the deployment's is a setting)."""
    return [
        s
        for a in ChannelAccount.objects.filter(provider=Provider.WHATSAPP_CLOUD, is_active=True)
        if (s := a.secret("app_secret"))
    ]


def whatsapp_verify_tokens() -> list[str]:
    return [
        s
        for a in ChannelAccount.objects.filter(provider=Provider.WHATSAPP_CLOUD, is_active=True)
        if (s := a.secret("verify_token"))
    ]


@transaction.atomic
def connect_whatsapp(
    *,
    office,
    label: str,
    phone_number_id: str,
    address: str = "",
    access_token: str = "",
    app_secret: str = "",
    verify_token: str = "",
    templates: dict | None = None,
    template_language: str = "id",
) -> ChannelAccount:
    """Create or update the office's WhatsApp Cloud API number."""
    account, _created = ChannelAccount.objects.get_or_create(
        provider=Provider.WHATSAPP_CLOUD,
        external_id=phone_number_id,
        defaults={"office": office, "channel": IntakeChannel.WHATSAPP, "label": label},
    )
    account.office, account.label, account.address = office, label, address
    account.templates = templates or account.templates
    account.template_language = template_language
    account.set_secrets(access_token=access_token, app_secret=app_secret, verify_token=verify_token)
    account.save()
    return account


@transaction.atomic
def connect_mailbox(
    *,
    office,
    label: str,
    address: str,
    host: str,
    port: int,
    username: str,
    password: str = "",
    use_ssl: bool = True,
    folder: str = "INBOX",
    done_folder: str = "",
    channel: str = IntakeChannel.EMAIL,
) -> ChannelAccount:
    """Create or update a mailbox the office publishes (channel fax for the address its
    PBX delivers faxes to)."""
    account, _created = ChannelAccount.objects.get_or_create(
        provider=Provider.IMAP,
        office=office,
        address=address,
        defaults={"channel": channel, "label": label},
    )
    account.channel, account.label = channel, label
    account.host, account.port, account.username = host, port, username
    account.use_ssl, account.folder, account.done_folder = use_ssl, folder, done_folder
    account.set_secrets(password=password)
    account.save()
    return account


def lapor_account(office) -> ChannelAccount:
    """The office's SP4N-LAPOR! import account (dedupe of reports is per account)."""
    account, _created = ChannelAccount.objects.get_or_create(
        provider=Provider.LAPOR,
        office=office,
        defaults={"channel": IntakeChannel.LAPOR, "label": "SP4N-LAPOR!"},
    )
    return account
