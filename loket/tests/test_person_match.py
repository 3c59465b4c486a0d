"""loket.person_match: which rows of a table belong to one person."""

import pytest
from django.contrib.auth import get_user_model

from loket.person_match import rows_of_person

FIELDS = {"phone": "last_name", "email": "email", "nik": "username", "name": "first_name"}


@pytest.fixture
def people(db):
    users = get_user_model().objects
    users.create(username="6171010101900001", first_name="Budi", last_name="+6281234567890")
    users.create(
        username="6171010101900002",
        first_name="Budi",
        last_name="+6281234567891",
        email="budi@contoh.id",
    )
    return users.all()


def test_a_name_alone_finds_no_one(people):
    assert not rows_of_person(people, fields=FIELDS, name="Budi").exists()


def test_no_identifier_finds_no_one(people):
    assert not rows_of_person(people, fields=FIELDS).exists()


def test_an_exact_phone_finds_only_its_owner_not_a_shared_prefix(people):
    found = rows_of_person(people, fields=FIELDS, phone="+6281234567890", name="budi")
    assert list(found.values_list("username", flat=True)) == ["6171010101900001"]


def test_the_email_matches_without_case(people):
    found = rows_of_person(people, fields=FIELDS, email="BUDI@contoh.id")
    assert list(found.values_list("username", flat=True)) == ["6171010101900002"]
