"""The outbox's WhatsApp sender through the Cloud API (`LOKET_TEXT_SENDER`).

WhatsApp's customer-service window: for 24 hours after the customer's last message the
business may send free-form text; outside it only an approved template. The number to send
from is the office's account the recipient last wrote to. Throttling and network errors
raise, so the outbox retries with backoff; a window that closed in the meantime (error
131047) is answered at once with the template; a refusal that sending again cannot change
(`client.PERMANENT_CODES`, e.g. 131026: the number is not on WhatsApp) raises the outbox's
`PermanentFailure`, so it stops at once and the complaint shows the address as unreachable.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from loket import validators
from loket.notify.services import PermanentFailure

from .. import complaints_port as port
from ..models import ChannelAccount, InboundMessage, OutboundWhatsApp, Provider
from .client import OUTSIDE_WINDOW_CODE, CloudApi, CloudApiError
from .webhook import find_tracking_code

logger = logging.getLogger("loket.intake")
WINDOW = timedelta(hours=24)


class NoWhatsAppAccount(Exception):
    pass


def _last_inbound(to: str):
    return (
        InboundMessage.objects.filter(
            channel="whatsapp",
            kind=InboundMessage.Kind.MESSAGE,
            sender__in=validators.phone_variants(to),
            account__isnull=False,
        )
        .select_related("account")
        .order_by("-received_at")
        .first()
    )


def _account_for(last) -> ChannelAccount:
    if last is not None and last.account.is_active:
        return last.account
    accounts = list(
        ChannelAccount.objects.filter(provider=Provider.WHATSAPP_CLOUD, is_active=True)[:2]
    )
    if len(accounts) == 1:
        return accounts[0]
    raise NoWhatsAppAccount("no WhatsApp account to send from for this recipient")


def _complaint_named(account: ChannelAccount, body: str):
    """The office's complaint whose tracking code `body` carries, or None: kept on the sent
    message (instead of the code) so that a reply quoting it joins that complaint."""
    code = find_tracking_code(body)
    return port.find_by_tracking_code(account.office, code) if code else None


def flat(text: str) -> str:
    """Template variables take no newlines, tabs or long runs of spaces."""
    return " ".join(text.split())


class CloudApiSender:
    def send(self, *, channel: str, to: str, body: str) -> None:
        if channel != "whatsapp":
            raise ValueError(f"the Cloud API sends WhatsApp only, not {channel}")
        now = timezone.now()
        last = _last_inbound(to)
        account = _account_for(last)
        if last is not None and last.account_id != account.pk:
            last = None
        open_window = last is not None and (last.provider_at or last.received_at) > now - WINDOW
        recipient = validators.whatsapp_id(to) or to
        try:
            provider_id, template = self._send(account, recipient, body, open_window)
        except CloudApiError as exc:
            if exc.permanent:
                raise PermanentFailure(str(exc)) from exc
            raise
        OutboundWhatsApp.objects.create(
            account=account,
            provider_id=provider_id,
            recipient=f"+{recipient.lstrip('+')}",
            template=template,
            complaint=_complaint_named(account, body),
            sent_at=now,
            updated_at=now,
        )

    @staticmethod
    def _send(account: ChannelAccount, recipient: str, body: str, open_window: bool):
        """Free text inside the window, else (or when the provider says it closed) the
        approved template; returns (provider message id, template name or "")."""
        with CloudApi.for_account(account) as api:
            try:
                if not open_window:
                    raise CloudApiError("outside window", code=OUTSIDE_WINDOW_CODE)
                return api.send_text(to=recipient, body=body), ""
            except CloudApiError as exc:
                if exc.code != OUTSIDE_WINDOW_CODE:
                    raise
                template = account.templates.get("default", "")
                if not template:
                    raise CloudApiError(
                        "outside the 24-hour window and the office has no approved template"
                    ) from exc
                provider_id = api.send_template(
                    to=recipient,
                    name=template,
                    language=account.template_language or "id",
                    parameters=[flat(body)],
                )
                return provider_id, template
