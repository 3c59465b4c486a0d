import factory
from django.contrib.auth import get_user_model

from loket.offices.models import Channel, Division, Membership, Office


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kantor-{n}")
    name = factory.Sequence(lambda n: f"Kantor {n}")
    parent_name = "Pemerintah Provinsi Contoh"
    address = "Jl. Contoh No. 1, Pontianak"
    phone = "0561000000"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@contoh.go.id")
    timezone = "Asia/Pontianak"


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    office = factory.SubFactory(OfficeFactory)
    slug = factory.Sequence(lambda n: f"bagian-{n}")
    name = factory.Sequence(lambda n: f"Bagian {n}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    office = factory.SubFactory(OfficeFactory)
    kind = Channel.Kind.EMAIL
    label = "Email"
    value = "pengaduan@contoh.go.id"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    password = factory.django.Password("sandi-uji-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    office = factory.SubFactory(OfficeFactory)
    role = Membership._meta.get_field("role").choices[0][0]
