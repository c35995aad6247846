"""Email about reviews: to reviewers on submission, to the submitter on a decision, to the
other side on a reply in the thread, to both when an edit withdraws a submission.

Mail goes out only after the transaction commits, so a rolled-back action sends nothing.
The backend is the console unless EMAIL_HOST is set (see config/settings.py).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from dictionary.publication import absolute_url

from .models import REVIEW_PERMISSION


def _review_url(entry) -> str:
    return absolute_url(reverse("admin:dictionary_entry_review", args=[entry.pk]))


def reviewer_addresses(*, exclude=None) -> list[str]:
    """Email addresses of active people holding the review permission (not ``exclude``)."""
    people = get_user_model().objects.with_perm(REVIEW_PERMISSION, include_superusers=False)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return sorted(set(people.exclude(email="").values_list("email", flat=True)))


def _send_later(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        )


def notify_reviewers(*, entry, submitter, message: str) -> None:
    """After commit, tell every reviewer but the submitter that the entry awaits review."""
    subject = f"[{settings.HEADWORD_TITLE}] Review requested: {entry}"
    body = (
        f"{submitter.get_full_name() or submitter.username} submitted “{entry}” for review.\n\n"
        f"Their message:\n{message}\n\nReview it here: {_review_url(entry)}\n"
    )
    _send_later(subject, body, reviewer_addresses(exclude=submitter))


def notify_submitter(*, workflow, reviewer, decision=None, edition=None) -> None:
    """After commit, tell the submitter what the reviewer decided."""
    submitter = workflow.submitted_by
    if submitter is None or not submitter.email or submitter.pk == reviewer.pk:
        return
    name = reviewer.get_full_name() or reviewer.username
    if edition is not None:
        subject = f"[{settings.HEADWORD_TITLE}] Approved and published: {workflow.entry}"
        body = f"{name} approved “{workflow.entry}”; it is now edition {edition.number}.\n"
    else:
        subject = f"[{settings.HEADWORD_TITLE}] Changes requested: {workflow.entry}"
        body = f"{name} asked for changes to “{workflow.entry}”:\n\n{decision.body}\n"
    _send_later(subject, body + f"\nThe review: {_review_url(workflow.entry)}\n", [submitter.email])


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


def notify_comment(*, entry, review, comment) -> None:
    """After commit, tell the other side of the review thread about a reply: the reviewers
    when the submitter writes, the submitter when anyone else does."""
    author, submitter = comment.author, review.submitted_by
    if submitter is not None and author.pk == submitter.pk:
        recipients = reviewer_addresses(exclude=author)
    else:
        recipients = [submitter.email] if submitter is not None and submitter.email else []
    subject = f"[{settings.HEADWORD_TITLE}] Reply in the review of {entry}"
    body = (
        f"{_name(author)} wrote in the review of “{entry}”:\n\n{comment.body}\n\n"
        f"The review: {_review_url(entry)}\n"
    )
    _send_later(subject, body, recipients)


def notify_submission_withdrawn_by_edit(*, entry, submitter, editor) -> None:
    """After commit, tell the submitter and the reviewers that an edit by someone else
    withdrew the submission (an edit by the submitter themself tells nobody)."""
    if submitter is None or submitter.pk == editor.pk:
        return
    recipients = sorted(set(reviewer_addresses(exclude=editor)) | {submitter.email} - {""})
    subject = f"[{settings.HEADWORD_TITLE}] Submission withdrawn by an edit: {entry}"
    body = (
        f"{_name(editor)} edited “{entry}” while it was in review, which withdrew the "
        f"submission {_name(submitter)} made. It is a draft again and needs a new "
        f"submission before it can be approved.\n\nThe entry: {_review_url(entry)}\n"
    )
    _send_later(subject, body, recipients)
