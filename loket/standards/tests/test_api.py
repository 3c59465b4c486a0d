"""The JSON API carries the same published data, and its OpenAPI document validates."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from loket.site.demo import load_demo_office, load_demo_standard
from loket.standards import services
from loket.standards.models import Service

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    office = load_demo_office()
    load_demo_standard(office)
    return office


def test_the_list_gives_each_public_service_with_its_page_url_and_standard(client, demo, alice):
    ServiceFactory(office=demo)  # no published standard: not listed
    body = client.get("/api/v1/services/").json()
    assert len(body) == 1
    service = body[0]
    assert service["url"] == (
        "http://testserver/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/"
    )
    standard = service["standard"]
    assert standard["decree_number"] == ""
    assert standard["version"] == 1
    assert standard["requirements"] == [
        "Surat Tugas",
        "Dokumen / Berkas Pendukung",
        "Tanda Pengenal / Identitas",
    ]
    assert [s["label"] for s in standard["procedure"]] == ["a", "b", "c", "d"]
    assert standard["administration_time"] == {
        "text": "15 Menit",
        "amount": 15,
        "unit": "minutes",
    }
    assert standard["consultation_time"]["amount"] is None
    assert standard["fee"] == {
        "text": "Tidak dipungut biaya",
        "amount": 0,
        "tiers": [],
        "legal_basis": "",
    }
    assert standard["products"] == ["pelayanan konsultasi"]
    assert len(standard["complaints"]["channels"]) == 7
    assert len(standard["complaints"]["flow"]) == 4
    assert [
        (c["code"], c["amount"], c["unit"]) for c in standard["complaints"]["deadline_classes"]
    ] == [
        ("ringan", 3, "hours"),
        ("normatif", 5, "working_days"),
        ("tidak_berkadar_pengawasan", 14, "working_days"),
        ("berkadar_pengawasan", 60, "working_days"),
    ]
    assert client.get(service["url"]).status_code == 200
    assert client.get(standard["pdf_url"]).status_code == 200


def test_one_service_by_id_and_404_for_unpublished_or_unknown(client, demo):
    service = Service.objects.get()
    assert client.get(f"/api/v1/services/{service.id}/").json()["name"] == "Pelayanan Konsultasi"
    hidden = ServiceFactory(office=demo)
    assert client.get(f"/api/v1/services/{hidden.id}/").status_code == 404
    assert client.get("/api/v1/services/99999/").status_code == 404


def test_the_list_filters_by_office(client, demo, office_b, alice):
    other = ServiceFactory(office=office_b)
    services.publish(
        services.create_draft(other, actor=None),
        actor=None,
        decree_number="",
        effective_date=None,
        no_classes_confirmed=True,
    )
    assert len(client.get("/api/v1/services/").json()) == 2
    only = client.get("/api/v1/services/?office=kantor-b").json()
    assert [s["name"] for s in only] == [other.name]


def test_the_openapi_document_validates(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert "/api/v1/services/" in document["paths"]
    assert "/api/v1/services/{service_id}/" in document["paths"]


def _response_schema(document: dict, path: str) -> dict:
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    return {**schema["schema"], "components": document["components"]}


def _keys_match_schema(value, schema: dict, components: dict, where: str = "") -> None:
    """Every property the schema declares is in the response and nothing else is."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if value is None or len(options) != 1:
            return
        schema = options[0]
    if schema.get("type") == "array":
        for index, item in enumerate(value):
            _keys_match_schema(item, schema["items"], components, f"{where}[{index}]")
    elif "properties" in schema:
        assert set(value) == set(schema["properties"]), where
        assert set(schema.get("required", [])) == set(schema["properties"]), where
        for key, sub in schema["properties"].items():
            _keys_match_schema(value[key], sub, components, f"{where}.{key}")


def test_the_responses_match_the_openapi_document_field_for_field(client, demo):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    listing = client.get("/api/v1/services/").json()
    Draft202012Validator(_response_schema(document, "/api/v1/services/")).validate(listing)
    _keys_match_schema(
        listing, {"type": "array", "items": {"$ref": "#/components/schemas/ServiceOut"}}, components
    )
    one = client.get(f"/api/v1/services/{listing[0]['id']}/").json()
    Draft202012Validator(_response_schema(document, "/api/v1/services/{service_id}/")).validate(one)
    _keys_match_schema(one, {"$ref": "#/components/schemas/ServiceOut"}, components)
    assert one == listing[0]
