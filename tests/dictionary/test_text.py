"""The checks every typed text passes: no control characters, headwords that name something."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from dictionary.models import Alias, Citation, CrossReference, Entry, Theme, Work
from dictionary.text import (
    control_character_problem,
    refuse_control_characters,
    refuse_headword_without_letter_or_digit,
)
from editorial import forms as editorial_forms
from editorial.history_admin import RestoreForm
from editorial.models import ReviewComment, Transition
from tests import factories

# Every C0 control character but tab, line feed and carriage return.
CONTROLS = [chr(code) for code in range(32) if chr(code) not in "\t\n\r"]


@pytest.mark.parametrize("char", CONTROLS)
def test_every_c0_control_character_is_refused_with_where_it_is(char):
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        refuse_control_characters(f"First line\nSecond{char} line")
    assert control_character_problem(f"ab\ncd{char}").endswith("at line 2, column 3")


def test_tabs_new_lines_and_letters_of_every_script_pass():
    for text in ("Tab\tand\r\nnew line", "Łukács, György", "Троцкий", "毛泽东", "“quoted” — dash"):
        refuse_control_characters(text)
        assert control_character_problem(text) is None


def test_a_vertical_tab_is_named_for_what_it_usually_is():
    assert "Word's manual line break" in control_character_problem("a\x0bb")


@pytest.mark.parametrize("headword", ["—", "...", "* * *", " ", "«»"])
def test_headwords_without_a_letter_or_digit_are_refused(headword):
    with pytest.raises(ValidationError, match="at least one letter or digit"):
        refuse_headword_without_letter_or_digit(headword)


@pytest.mark.parametrize("headword", ["1917", "Ő", "CPSU", "毛泽东"])
def test_headwords_with_a_letter_or_digit_pass(headword):
    refuse_headword_without_letter_or_digit(headword)


_TYPED_MODELS = [Entry, Alias, Theme, Work, Citation, CrossReference, ReviewComment, Transition]


def _typed_text_fields():
    for model in _TYPED_MODELS:
        for field in model._meta.get_fields():
            text = isinstance(field, models.CharField | models.TextField)
            if text and field.editable and not field.choices and not field.name.endswith("slug"):
                yield pytest.param(field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("field", list(_typed_text_fields()))
def test_every_text_field_people_type_into_refuses_control_characters(field):
    with pytest.raises(ValidationError, match="invisible control character"):
        field.clean("Text\x1b[31m red", None)


_FORMS = [
    editorial_forms.SubmitForm,
    editorial_forms.WithdrawForm,
    editorial_forms.DecisionForm,
    editorial_forms.CommentForm,
    editorial_forms.UnpublishForm,
    editorial_forms.PublishNowForm,
    RestoreForm,
]


def _form_text_fields():
    for form in _FORMS:
        for name, field in form.base_fields.items():
            if type(field) is forms.CharField:
                yield pytest.param(field, id=f"{form.__name__}.{name}")


@pytest.mark.parametrize("field", list(_form_text_fields()))
def test_every_workflow_form_text_refuses_control_characters(field):
    with pytest.raises(ValidationError, match="invisible control character"):
        field.clean("Approved\x00 with NUL")


@pytest.mark.django_db
def test_work_names_refuse_control_characters():
    work = factories.make_work("A book", authors=[{"family": "Serge\x1b", "given": "Victor"}])
    with pytest.raises(ValidationError, match="Name 1 contains an invisible control character"):
        work.full_clean()
