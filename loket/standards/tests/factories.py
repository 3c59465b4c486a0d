import factory

from loket.offices.tests.factories import OfficeFactory
from loket.standards.models import Service, Standard

SEED_CLASSES = [
    {
        "code": "ringan",
        "name": "Pengaduan ringan",
        "text": "Pengaduan ringan, selambat-lambatnya 3 Jam;",
        "amount": 3,
        "unit": "hours",
    },
    {
        "code": "normatif",
        "name": "Pengaduan bersifat normatif",
        "text": "Pengaduan bersifat normatif, selambat-lambatnya 5 hari kerja;",
        "amount": 5,
        "unit": "working_days",
    },
]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    office = factory.SubFactory(OfficeFactory)
    slug = factory.Sequence(lambda n: f"layanan-{n}")
    name = factory.Sequence(lambda n: f"Layanan {n}")


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    service = factory.SubFactory(ServiceFactory)
    version = factory.Sequence(lambda n: n + 1)
    requirements = ["Surat Tugas", "Tanda Pengenal / Identitas"]
    procedure = [{"label": "a", "text": "Menuju ke Petugas Informasi;"}]
    administration_time_text = "15 Menit"
    administration_time_amount = 15
    administration_time_unit = "minutes"
    complaint_classes = factory.LazyFunction(lambda: [dict(row) for row in SEED_CLASSES])
