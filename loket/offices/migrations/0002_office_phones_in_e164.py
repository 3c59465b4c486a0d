"""Issue #11: office phone numbers and the phone, fax and WhatsApp complaint channels,
stored as they were typed ("+62 815-1010-1771", "+62 561 736541 ext. 213"), become E.164
with the extension after ";ext=" (`loket.validators.e164`), so the tel: and wa.me links are
built from one form. A value that does not parse is kept as it was and flagged on the admin
pages (`validators.phone_needs_review`)."""

from django.db import migrations

PHONE_KINDS = ("phone", "fax", "whatsapp")


def to_e164(apps, schema_editor):
    from loket.validators import e164_or_none

    Office = apps.get_model("offices", "Office")
    Channel = apps.get_model("offices", "Channel")
    for office in Office.objects.exclude(phone="").only("pk", "phone"):
        stored = e164_or_none(office.phone)
        if stored and stored != office.phone:
            Office.objects.filter(pk=office.pk).update(phone=stored)
    channels = Channel.objects.filter(kind__in=PHONE_KINDS).exclude(value="")
    for channel in channels.only("pk", "value"):
        stored = e164_or_none(channel.value)
        if stored and stored != channel.value:
            Channel.objects.filter(pk=channel.pk).update(value=stored)


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop, elidable=True)]
