"""Contributors: their names in every form, the ORCID iD check, and credits in order."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from dictionary.models import Contributor, CreditRole, normalize_orcid, validate_orcid
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_person_has_reading_inverted_and_csl_forms_of_the_name():
    person = factories.make_contributor("Gogh", given="Vincent", particle="van", suffix="Jr.")
    assert person.display_name == "Vincent van Gogh Jr."
    assert person.inverted_name == "van Gogh, Vincent, Jr."
    assert person.csl_name == {
        "family": "Gogh",
        "given": "Vincent",
        "non-dropping-particle": "van",
        "suffix": "Jr.",
    }
    assert person.sort_name == "van gogh vincent jr"
    assert person.slug == "vincent-van-gogh-jr"


def test_an_organisation_keeps_its_name_whole():
    body = factories.make_contributor(literal="Museum of the Revolution")
    assert body.display_name == body.inverted_name == "Museum of the Revolution"
    assert body.csl_name == {"literal": "Museum of the Revolution"}


def test_two_people_of_the_same_name_get_distinct_slugs():
    first = factories.make_contributor("Gray", given="Daniel")
    second = factories.make_contributor("Gray", given="Daniel")
    assert first.slug == "daniel-gray" and second.slug != first.slug


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_valid_orcid_ids_pass(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize(
    "orcid, code",
    [
        ("0000-0002-1825-0098", "orcid_checksum"),  # last digit mistyped
        ("0000-0002-1852-0097", "orcid_checksum"),  # two digits swapped
        ("0000-0002-1825-009", "orcid_format"),
        ("0000000218250097", "orcid_format"),
    ],
)
def test_invalid_orcid_ids_are_refused_saying_why(orcid, code):
    with pytest.raises(ValidationError) as refused:
        validate_orcid(orcid)
    assert refused.value.code == code


def test_an_orcid_typed_as_its_url_is_stored_bare():
    assert normalize_orcid(" https://orcid.org/0000-0002-1694-233x ") == "0000-0002-1694-233X"
    person = Contributor(family="Carberry", given="Josiah", orcid="0000-0002-1825-0097")
    person.full_clean()
    assert person.orcid_url == "https://orcid.org/0000-0002-1825-0097"


def test_clean_refuses_a_bad_orcid_and_a_name_both_personal_and_literal():
    with pytest.raises(ValidationError) as refused:
        Contributor(family="Walker", orcid="0000-0002-1825-0098").full_clean()
    assert "checksum" in str(refused.value.message_dict["orcid"])
    with pytest.raises(ValidationError) as refused:
        Contributor(family="Walker", literal="Museum").full_clean()
    assert "literal" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        Contributor().full_clean()
    assert "family" in refused.value.message_dict


def test_credits_come_in_byline_order_and_once_per_role():
    entry = factories.make_entry("Serge, Victor")
    walker = factories.make_contributor("Walker", given="David")
    gray = factories.make_contributor("Gray", given="Daniel")
    factories.credit(entry, gray, order=1)
    factories.credit(entry, walker, order=0)
    factories.credit(entry, gray, role=CreditRole.REVISER, order=2)
    assert [str(c) for c in entry.credits.all()] == [
        "David Walker (Author)",
        "Daniel Gray (Author)",
        "Daniel Gray (Reviser)",
    ]
    with pytest.raises(IntegrityError):
        factories.credit(entry, walker)
