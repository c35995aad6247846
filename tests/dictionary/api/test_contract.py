"""The API keeps the contract its OpenAPI document states: cases generated from the document
(schemathesis) get no server error and no answer outside the document's schemas."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from dictionary.models import CitationRole, ReferenceKind
from tests import factories


@pytest.fixture
def api_schema(db):
    """A small dictionary (a draft among published entries) and the API's own document."""
    theme = factories.make_theme("Labour movement")
    factories.make_entry("Draft, Person", body="Unpublished.")
    serge = factories.make_entry(
        "Serge, Victor",
        dates="1890–1947",
        body="A *revolutionary*; see [[Zinoviev, Grigori]] and [[Draft, Person|someone]].",
        aliases=("Kibalchich, Viktor",),
    )
    serge.themes.add(theme)
    factories.cite(serge, factories.make_work("Memoirs"), role=CitationRole.WORK_BY_SUBJECT)
    serge.outgoing_references.create(target_text="Radek, Karl", kind=ReferenceKind.SEE_ALSO)
    factories.publish(serge)
    factories.republish(serge, summary="Second edition", dates="c. 1890–1947")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936", themes=[theme])
    factories.make_published("1905 Revolution", entry_type="event", dates="1905")
    # The WSGI handler closes the database connection after each request, which would end
    # the test's transaction; Django's test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# A small budget: enough to try every parameter of every operation, quick enough for CI.
EXAMPLES = 12


def test_api_keeps_its_openapi_contract(api_schema):
    # Each operation's cases are drawn in a loop of our own rather than through
    # schemathesis' pytest plugin, whose parametrization does not run under pytest 9.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:
        _check_cases(operation)


def _check_cases(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(checks=CHECKS)

    check()
