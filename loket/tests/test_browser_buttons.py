"""Issue 11 §5: a destructive action looks like a warning (red), a secondary one grey, never the
green primary: the rule's specificity once let `button.button` win over both."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTONS = """<!DOCTYPE html><html lang="id"><head><title>Tombol</title>
<link rel="stylesheet" href="{base}/static/loket/loket.css"></head><body><main>
<button class="button" id="primary">Kirim</button>
<button class="button button-warning" id="warning">Tolak duplikat</button>
<a class="button button-warning" id="warning-link" href="#">Batalkan</a>
<button class="button button-secondary" id="secondary">Kembali</button>
</main></body></html>"""


def _background(page, element_id: str) -> str:
    return page.eval_on_selector(f"#{element_id}", "e => getComputedStyle(e).backgroundColor")


def test_warning_and_secondary_buttons_are_not_the_green_primary(page, live_server):
    page.set_content(BUTTONS.format(base=live_server.url))
    page.wait_for_load_state("load")
    assert _background(page, "primary") == "rgb(0, 112, 60)"  # --ok
    assert _background(page, "warning") == "rgb(177, 14, 30)"  # --error
    assert _background(page, "warning-link") == "rgb(177, 14, 30)"
    assert _background(page, "secondary") == "rgb(243, 242, 241)"  # --soft
    page.hover("#warning")
    assert _background(page, "warning") == "rgb(142, 11, 24)"  # darker red, not green
