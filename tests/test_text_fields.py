"""Every text a person types is refused if it carries control characters (issue 16, point 3).

Checked over the models themselves, so that a field added later without the validator
fails here, whatever its model: each editable CharField and TextField of Headword's apps
that is not a closed list of choices carries ``refuse_control_characters``.
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from dictionary.text import refuse_control_characters

APPS = ("dictionary", "editorial", "quality")
# Derived by the code from other fields, never typed: the validator would only cost time.
DERIVED = {"sort_key", "match_key", "initial", "title_key", "lead", "search_names", "summary"}
# Rows the code writes from rows already checked: stored names, an edition's frozen copy of
# its entry, revision records and the quality findings (and the place a dismissal copies).
WRITTEN_FROM_CHECKED = {"dictionary.EntryName", "dictionary.EditionReference"}
WRITTEN_FROM_CHECKED |= {"dictionary.EditionAlias"}
WRITTEN_FROM_CHECKED |= {"editorial.EntryRevision", "quality.Finding"}
TYPED_IN_EDITIONS = {"change_summary"}  # the reviewer's public "what changed"


def _typed_text_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if not field.editable or field.choices or field.name in DERIVED:
                    continue
                if isinstance(field, models.SlugField):  # its own validator allows less
                    continue
                label = model._meta.label
                if label in WRITTEN_FROM_CHECKED or (label, field.name) == (
                    "quality.Dismissal",
                    "place",
                ):
                    continue
                if label == "dictionary.Edition" and field.name not in TYPED_IN_EDITIONS:
                    continue
                yield f"{model._meta.label}.{field.name}", field


def test_every_typed_text_field_refuses_control_characters():
    missing = [
        label
        for label, field in _typed_text_fields()
        if refuse_control_characters not in field.validators
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_contributor_with_an_escape_in_the_biography_is_refused_by_name():
    from dictionary.models import Contributor

    person = Contributor(family="Walker", given="David", biography="A \x1b[31mhistorian.")
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "biography" in refused.value.message_dict
