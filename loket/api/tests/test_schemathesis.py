"""The API against its own OpenAPI document (issue 12, finding 6): schemathesis generates
requests from the schema, sends them in-process through the whole WSGI stack (middleware
included) and checks every answer: no server error, a documented status code, a body that
matches the documented schema, the documented content type. Bounded: a few examples per
operation, derandomized, no network. (Driven by hypothesis directly: schemathesis' pytest
plugin does not run under this pytest.)"""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 8
# Valid requests, and requests that break the schema (they must be refused with a 4xx).
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
# A request the schema allows may still be refused by a rule of the office (no such office,
# a closed day, a name required unless anonymous): 404 or 422, documented; not a defect.
EXCLUDED = [positive_data_acceptance]
# The in-process WSGI client does not undo gzip (GZipMiddleware): ask for plain answers.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def connection_kept_open():
    """The test's transaction holds the database connection; a request through the WSGI
    handler would close it at its end (`close_old_connections` sees a connection not in
    autocommit), as Django's own test client prevents the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_answer_of_the_api_is_documented(office_a, connection_kept_open):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation, mode in itertools.product(operations, MODES):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=PLAIN, excluded_checks=EXCLUDED)

        try:
            check()
        except Unsatisfiable:
            # An operation whose inputs are all optional strings has no invalid request.
            assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
