"""Finding 6 (headers): no-store on pages with personal data, a Content-Security-Policy
without inline scripts, a Permissions-Policy, and the API documentation's assets from the
site itself. Before: none of these headers, and the docs page loaded from a CDN."""

import re

from django.http import HttpResponse
from django.test import RequestFactory

from loket.middleware import no_store


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get("/staf/masuk/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_every_page_turns_off_the_browser_features_it_never_uses(client, db):
    policy = client.get("/").get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_staff_pages_are_never_stored_by_a_cache(client, bob, office_a):
    client.force_login(bob)
    response = client.get(f"/staf/{office_a.slug}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_public_page_without_personal_data_stays_cacheable(client, office_a):
    response = client.get(f"/instansi/{office_a.slug}/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_no_store_decorator_marks_a_citizen_page():
    @no_store
    def tracking_page(request):
        response = HttpResponse("identitas")
        response["ETag"] = '"abc"'
        return response

    response = tracking_page(RequestFactory().get("/pengaduan/kode/"))
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_no_page_template_has_an_inline_script():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = []
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                inline.append(f"{template.relative_to(root)}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            inline.append(f"{template.relative_to(root)}: inline event handler")
    assert not inline, "\n".join(inline)


def test_the_api_documentation_loads_its_assets_from_the_site(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "cdn" not in html.lower()
