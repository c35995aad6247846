"""Workflow actions on entries: guarded transitions, each in one transaction.

The admin, the commands and the tests call these functions; nothing else moves an entry
through the workflow. Every transition is written to the append-only Transition log.
Callers import from here (``from editorial import services``), not from the modules.
"""

from ..models import EDIT_PERMISSION
from .creating import EarlierState, NewEntry, create_entries, create_entry
from .editing import (
    StaleEntryError,
    check_entry_version,
    claim_entry_version,
    record_edit,
    save_entry,
)
from .publishing import (
    publish_entry,
    publish_imported_entries,
    publish_without_review,
    unpublish,
)
from .recording import RevisionRequest, record_revision, record_revisions
from .restoring import recover_deleted_entry, restore_revision
from .review import (
    approve_and_publish,
    comment_on_review,
    request_changes,
    submission_message,
    submit_for_review,
    withdraw_submission,
)
from .revisions import latest_revision, latest_version, took_part
from .rules import (
    APPROVE,
    PUBLISH_WITHOUT_REVIEW,
    REQUEST_CHANGES,
    RULES,
    SUBMIT,
    SUBMITTABLE,
    UNPUBLISH,
    UNREVIEWED,
    WITHDRAW,
    Approval,
    allowed_actions,
    approval,
    check_action,
    holds_permission,
    may_comment,
)
from .workflow import (
    DraftStep,
    MissingWorkflowError,
    StaleWorkflowError,
    entries_without_workflow,
    get_workflow,
    lock_workflow,
    move_drafts,
    open_review,
    repair_workflows,
    settle_workflows,
    start_workflows,
)
from .workflow import _move as _move  # the tests drive the guarded UPDATE directly

__all__ = [
    "APPROVE",
    "EDIT_PERMISSION",
    "PUBLISH_WITHOUT_REVIEW",
    "REQUEST_CHANGES",
    "RULES",
    "SUBMIT",
    "SUBMITTABLE",
    "UNPUBLISH",
    "UNREVIEWED",
    "WITHDRAW",
    "Approval",
    "DraftStep",
    "EarlierState",
    "NewEntry",
    "RevisionRequest",
    "StaleEntryError",
    "StaleWorkflowError",
    "allowed_actions",
    "approval",
    "approve_and_publish",
    "check_action",
    "check_entry_version",
    "claim_entry_version",
    "comment_on_review",
    "create_entries",
    "create_entry",
    "MissingWorkflowError",
    "entries_without_workflow",
    "repair_workflows",
    "settle_workflows",
    "get_workflow",
    "lock_workflow",
    "move_drafts",
    "holds_permission",
    "may_comment",
    "latest_revision",
    "latest_version",
    "open_review",
    "publish_entry",
    "publish_imported_entries",
    "publish_without_review",
    "record_edit",
    "recover_deleted_entry",
    "restore_revision",
    "record_revision",
    "record_revisions",
    "request_changes",
    "save_entry",
    "start_workflows",
    "submission_message",
    "submit_for_review",
    "took_part",
    "unpublish",
    "withdraw_submission",
]
