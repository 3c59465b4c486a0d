"""E-mail by IMAP against a real Dovecot: new mail, a crash between commit and move, a
UIDVALIDITY change, duplicate Message-IDs, auto-replies, delivery reports, ISO-8859-1 and
HTML-only bodies, an oversize attachment, threading and faxes."""

from email.message import EmailMessage

import pytest

from loket.complaints.models import Complaint
from loket.complaints.services import submit
from loket.intake import services
from loket.intake.mail import poller
from loket.intake.models import InboundMessage, UndeliverableAddress
from loket.tests.samples import PDF  # real documents: the upload rule decodes them

pytestmark = pytest.mark.django_db

COMPLAINT_TEXT = (
    "Selamat siang. Saya mengurus izin usaha sejak bulan lalu dan sampai sekarang belum ada "
    "kabar, padahal standar pelayanannya lima hari kerja."
)


def mail(
    *,
    subject="Izin usaha belum selesai",
    body=COMPLAINT_TEXT,
    sender="Budi Santoso <budi@contoh.id>",
    message_id="<aduan-001@contoh.id>",
    headers=None,
    attachments=(),
    html=None,
    charset="utf-8",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pengaduan@kantor-a.test"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Mar 2026 09:15:00 +0700"
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    if html is not None:
        msg.set_content(html, subtype="html", charset=charset)
    else:
        msg.set_content(body, charset=charset)
    for name, content, kind in attachments:
        maintype, subtype = kind.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def test_a_new_mail_becomes_a_complaint_with_its_attachment(mailbox, dovecot):
    raw = mail(attachments=[("kwitansi.pdf", PDF, "application/pdf")])
    dovecot.append(raw)
    result = poller.poll(mailbox)
    assert (result.stored, result.duplicates) == (1, 0)
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == raw.replace(b"\n", b"\r\n") or bytes(message.raw) == raw
    assert message.provider_id == "<aduan-001@contoh.id>"
    assert message.state == "received"
    # Moved only after the commit: the inbox is empty, the done folder holds it.
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Tersimpan")) == 1
    services.process_due()
    message.refresh_from_db()
    assert (message.state, message.outcome) == ("processed", "created")
    complaint = message.complaint
    assert complaint.channel == "email"
    assert complaint.complainant_email == "budi@contoh.id"
    assert complaint.complainant_name == "Budi Santoso"
    assert complaint.title == "Izin usaha belum selesai"
    assert "lima hari kerja" in complaint.description
    assert complaint.attachments.get().content_type == "application/pdf"


def test_a_crash_between_commit_and_move_neither_loses_nor_doubles(mailbox, dovecot, monkeypatch):
    dovecot.append(mail())
    real = poller._acknowledge

    def crash(*args, **kwargs):
        raise ConnectionResetError("worker killed before the move")

    monkeypatch.setattr(poller, "_acknowledge", crash)
    with pytest.raises(ConnectionResetError):
        poller.poll(mailbox)
    assert InboundMessage.objects.count() == 1  # committed
    assert len(dovecot.uids("INBOX")) == 1  # not moved
    mailbox.refresh_from_db()
    assert "ConnectionResetError" in mailbox.last_poll_error
    monkeypatch.setattr(poller, "_acknowledge", real)
    result = poller.poll(mailbox)
    assert (result.stored, result.duplicates) == (0, 1)
    assert dovecot.uids("INBOX") == []
    assert InboundMessage.objects.count() == 1
    services.process_due()
    assert Complaint.objects.count() == 1


def test_a_uidvalidity_change_rescans_and_relies_on_dedupe(mailbox, dovecot):
    mailbox.folder, mailbox.done_folder = "Pengaduan", ""
    mailbox.save()
    dovecot.append(mail(), folder="Pengaduan")
    assert poller.poll(mailbox).stored == 1
    first_validity = mailbox.uidvalidity
    dovecot.recreate("Pengaduan")
    dovecot.append(mail(), folder="Pengaduan")
    dovecot.append(mail(message_id="<aduan-002@contoh.id>"), folder="Pengaduan")
    result = poller.poll(mailbox)
    assert result.rescanned is True
    assert (result.stored, result.duplicates) == (1, 1)
    assert mailbox.uidvalidity != first_validity
    assert InboundMessage.objects.count() == 2


def test_the_seen_flag_is_neither_relied_on_nor_changed(mailbox, dovecot):
    mailbox.done_folder = ""
    mailbox.save()
    dovecot.append(mail())
    with dovecot.client() as client:
        client.append("INBOX", mail(message_id="<dibaca@contoh.id>"), flags=[b"\\Seen"])
    assert poller.poll(mailbox).stored == 2  # a mail someone already read is still taken
    flags = dovecot.flags()
    assert all(poller.STORED_FLAG in f for f in flags.values())
    assert sum(b"\\Seen" in f for f in flags.values()) == 1  # we never marked one read
    assert poller.poll(mailbox).stored == 0  # by UID: nothing fetched twice


def test_a_duplicate_message_id_is_stored_once(mailbox, dovecot):
    dovecot.append(mail())
    dovecot.append(mail(body=COMPLAINT_TEXT + "\n\n(dikirim ulang)"))
    result = poller.poll(mailbox)
    assert (result.stored, result.duplicates) == (1, 1)
    assert dovecot.uids("INBOX") == []


def test_a_mail_without_message_id_is_deduplicated_by_its_hash(mailbox, dovecot):
    raw = mail(message_id=None)
    dovecot.append(raw)
    dovecot.append(raw)
    assert poller.poll(mailbox).stored == 1
    assert InboundMessage.objects.get().dedupe_key.startswith("sha256:")


def test_an_out_of_office_reply_is_kept_and_ignored(mailbox, dovecot):
    dovecot.append(
        mail(
            subject="Automatic reply: Pengaduan Anda diterima",
            body="Saya sedang cuti sampai 10 Maret dan tidak dapat membalas email Anda.",
            headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        )
    )
    dovecot.append(
        mail(
            subject="Sedang cuti",
            message_id="<ooo-2@contoh.id>",
            body="Saya tidak di kantor minggu ini, pesan Anda akan saya baca nanti.",
        )
    )
    poller.poll(mailbox)
    services.process_due()
    assert set(InboundMessage.objects.values_list("kind", "state")) == {("auto_reply", "ignored")}
    assert Complaint.objects.count() == 0


def test_x_auto_response_suppress_alone_is_not_an_auto_reply(mailbox, dovecot):
    dovecot.append(
        mail(
            subject="FW: Keluhan pelayanan loket",
            headers={"X-Auto-Response-Suppress": "All", "Auto-Submitted": "no"},
        )
    )
    poller.poll(mailbox)
    services.process_due()
    message = InboundMessage.objects.get()
    assert (message.kind, message.outcome) == ("message", "created")


def test_a_delivery_report_marks_the_address_undeliverable_on_its_complaint(
    mailbox, dovecot, office_a
):
    complaint = submit(
        office=office_a,
        channel="web",
        title="Antrean",
        description="Lama sekali",
        complainant_email="salah@contoh.id",
    )
    report = (
        b"From: Mail Delivery System <MAILER-DAEMON@mail.kantor-a.test>\r\n"
        b"To: pengaduan@kantor-a.test\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"Auto-Submitted: auto-replied\r\n"
        b"Message-ID: <bounce-1@mail.kantor-a.test>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mail.kantor-a.test\r\n\r\n"
        b"Final-Recipient: rfc822; salah@contoh.id\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        b"Message-ID: <outbox-7@loket.test>\r\nSubject: Pengaduan Anda diterima\r\n\r\n"
        b"--B--\r\n"
    )
    dovecot.append(report)
    poller.poll(mailbox)
    services.process_due()
    message = InboundMessage.objects.get()
    assert (message.kind, message.state) == ("bounce", "processed")
    assert message.complaint == complaint
    bad = UndeliverableAddress.objects.get()
    assert (bad.address, bad.channel) == ("salah@contoh.id", "email")
    assert "5.1.1" in bad.reason
    complaint.refresh_from_db()
    [flag] = complaint.undeliverable_contacts
    assert (flag["channel"], flag["address"]) == ("email", "salah@contoh.id")
    assert "5.1.1" in flag["reason"]
    assert complaint.events.filter(action="contact_undeliverable", note__contains="5.1.1").exists()
    assert Complaint.objects.count() == 1


def test_an_iso_8859_1_body_is_decoded(mailbox, dovecot):
    body = "Pak José minta biaya Rp 50.000 ± tanpa kuitansi untuk surat keterangan domisili."
    dovecot.append(mail(body=body, charset="iso-8859-1"))
    raw = InboundMessage
    poller.poll(mailbox)
    assert b'charset="iso-8859-1"' in bytes(raw.objects.get().raw)
    services.process_due()
    message = InboundMessage.objects.get()
    assert "Pak José minta biaya Rp 50.000 ±" in message.text
    assert message.complaint.description.startswith("Pak José")


def test_an_html_only_mail_becomes_clean_text(mailbox, dovecot):
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>Jalan <b>rusak</b> di depan SD Negeri 3, sudah dilaporkan berkali-kali.</p>"
        "<p>Mohon segera ditindaklanjuti.</p></body></html>"
    )
    dovecot.append(mail(html=html))
    poller.poll(mailbox)
    services.process_due()
    text = InboundMessage.objects.get().text
    assert "Jalan rusak di depan SD Negeri 3" in text
    assert "<" not in text
    assert "color:red" not in text


def test_quoted_history_is_stripped_from_a_reply(mailbox, dovecot, office_a):
    original = submit(
        office=office_a,
        channel="email",
        title="Izin",
        description="Belum selesai",
        complainant_email="budi@contoh.id",
    )
    body = (
        "Terima kasih, tetapi berkas saya masih belum diproses.\n\n"
        "Pada Sen, 2 Mar 2026 pukul 10.00 Loket <noreply@loket.test> menulis:\n"
        "> Pengaduan Anda diterima.\n> Kode pelacakan: XXXX\n"
    )
    dovecot.append(
        mail(
            subject=f"Re: Pengaduan Anda diterima: {original.tracking_code}",
            body=body,
            message_id="<balasan-1@contoh.id>",
        )
    )
    poller.poll(mailbox)
    services.process_due()
    message = InboundMessage.objects.get()
    assert message.text == "Terima kasih, tetapi berkas saya masih belum diproses."
    assert (message.outcome, message.complaint) == ("joined", original)


def test_a_reply_threads_by_in_reply_to_without_a_code(mailbox, dovecot):
    dovecot.append(mail())
    poller.poll(mailbox)
    services.process_due()
    complaint = Complaint.objects.get()
    dovecot.append(
        mail(
            subject="Re: Izin usaha belum selesai",
            sender="Budi (kantor) <budi.kantor@contoh.id>",
            body="Saya tambahkan nomor berkasnya: 123/IU/2026, mohon dicek ulang ya.",
            message_id="<aduan-003@contoh.id>",
            headers={"In-Reply-To": "<aduan-001@contoh.id>"},
        )
    )
    poller.poll(mailbox)
    services.process_due()
    reply = InboundMessage.objects.get(provider_id="<aduan-003@contoh.id>")
    assert (reply.outcome, reply.complaint) == ("joined", complaint)


def test_a_reply_to_our_own_mail_threads_by_its_message_id(mailbox, dovecot, office_a):
    from loket.notify.models import OutboxMessage

    complaint = submit(
        office=office_a,
        channel="web",
        title="Izin usaha",
        description="Belum selesai",
        complainant_email="budi@contoh.id",
    )
    ours = OutboxMessage.objects.filter(recipient="budi@contoh.id").latest("id")
    assert ours.message_id  # the acknowledgement carries our Message-ID
    for number, sender in ((4, "Budi <budi@contoh.id>"), (5, "Orang lain <lain@contoh.id>")):
        dovecot.append(
            mail(
                subject="Re: pemberitahuan",  # no tracking code: the header alone threads
                sender=sender,
                body="Berkas saya nomor 123/IU/2026 belum juga diproses sampai hari ini, mohon cek",
                message_id=f"<aduan-00{number}@contoh.id>",
                headers={"In-Reply-To": ours.message_id, "References": ours.message_id},
            )
        )
    poller.poll(mailbox)
    services.process_due()
    reply = InboundMessage.objects.get(provider_id="<aduan-004@contoh.id>")
    assert (reply.outcome, reply.complaint) == ("joined", complaint)
    # Quoting our header from another address does not reach Budi's complaint.
    other = InboundMessage.objects.get(provider_id="<aduan-005@contoh.id>")
    assert other.complaint != complaint


def test_a_delivery_report_quoting_our_message_id_marks_that_complaint(mailbox, dovecot, office_a):
    from loket.notify.models import OutboxMessage

    first, second = (
        submit(
            office=office_a,
            channel="web",
            title=title,
            description="Lama sekali",
            complainant_email="salah@contoh.id",
        )
        for title in ("Antrean", "Parkir")
    )
    ours = OutboxMessage.objects.filter(related=f"complaint:{second.pk}").latest("id")
    report = (
        b"From: Mail Delivery System <MAILER-DAEMON@mail.kantor-a.test>\r\n"
        b"To: pengaduan@kantor-a.test\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"Auto-Submitted: auto-replied\r\n"
        b"Message-ID: <bounce-2@mail.kantor-a.test>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mail.kantor-a.test\r\n\r\n"
        b"Final-Recipient: rfc822; salah@contoh.id\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        b"Message-ID: " + ours.message_id.encode() + b"\r\nSubject: Diterima\r\n\r\n"
        b"--B--\r\n"
    )
    dovecot.append(report)
    poller.poll(mailbox)
    services.process_due()
    # Two open complaints share the address: the report's copy of our header decides.
    assert InboundMessage.objects.get().complaint == second
    assert second.events.filter(action="contact_undeliverable").exists()
    assert not first.events.filter(action="contact_undeliverable").exists()


def test_an_oversize_attachment_is_refused_and_listed(mailbox, dovecot, settings):
    settings.LOKET_INTAKE_MAX_ATTACHMENT_BYTES = 1000
    big = PDF + b"0" * 5000
    dovecot.append(
        mail(
            attachments=[
                ("besar.pdf", big, "application/pdf"),
                ("kecil.pdf", PDF, "application/pdf"),
                ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/octet-stream"),
            ]
        )
    )
    poller.poll(mailbox)
    services.process_due()
    message = InboundMessage.objects.get()
    statuses = {a.filename: a.status for a in message.attachments.all()}
    assert statuses["besar.pdf"] == "rejected_size"
    assert statuses["kecil.pdf"] == "stored"
    assert statuses["program.exe"] == "rejected_type"
    complaint = message.complaint
    assert [a.name for a in complaint.attachments.all()] == ["kecil.pdf"]
    assert "besar.pdf" in complaint.channel_details["refused_attachments"]


def test_a_fax_mailbox_feeds_channel_fax_into_the_inbox(mailbox, dovecot):
    mailbox.channel = "fax"
    mailbox.save()
    dovecot.append(
        mail(
            sender="PBX <fax@pbx.kantor-a.test>",
            subject="Fax dari 0561-736541",
            body="Faksimile masuk, 2 halaman, terlampir.",
            attachments=[("fax.pdf", PDF, "application/pdf")],
        )
    )
    poller.poll(mailbox)
    services.process_due()
    message = InboundMessage.objects.get()
    assert (message.channel, message.outcome) == ("fax", "inbox")
    assert message.attachments.get().status == "stored"


def test_a_new_mail_from_a_sender_with_an_open_complaint_is_a_new_complaint(mailbox, dovecot):
    dovecot.append(mail())
    poller.poll(mailbox)
    services.process_due()
    dovecot.append(
        mail(
            subject="Parkir liar di halaman kantor",
            body="Ada juru parkir tanpa karcis yang meminta uang di halaman kantor setiap pagi.",
            message_id="<aduan-lain@contoh.id>",
        )
    )
    poller.poll(mailbox)
    services.process_due()
    assert Complaint.objects.count() == 2
