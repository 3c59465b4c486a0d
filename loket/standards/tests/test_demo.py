import io

import pytest
from django.core.management import call_command

from loket.standards import selectors
from loket.standards.models import Service, Standard, StandardEvent

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_seed_standard_through_the_importer_once():
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    counts = [Service.objects.count(), Standard.objects.count(), StandardEvent.objects.count()]
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    assert [
        Service.objects.count(),
        Standard.objects.count(),
        StandardEvent.objects.count(),
    ] == counts
    service = Service.objects.get()
    standard = selectors.standard_in_force(service)
    assert standard.version == 1
    assert standard.decree_number == ""
    assert [c.code for c in selectors.complaint_classes(service.office)] == [
        "ringan",
        "normatif",
        "tidak_berkadar_pengawasan",
        "berkadar_pengawasan",
    ]
