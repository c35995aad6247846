"""The three staff roles as Django groups, with exactly the permissions each needs."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EDITORS = "Editors"
REVIEWERS = "Reviewers"
EDITORS_IN_CHIEF = "Editors-in-chief"

_CONTENT = [
    "entry",
    "alias",
    "citation",
    "work",
    "crossreference",
    "theme",
    "contributor",
    "credit",
]
# Inline rows (aliases, credits, citations, cross-references) are removed by editing their
# entry.
_EDITOR_CODENAMES = (
    [f"add_{model}" for model in _CONTENT]
    + [f"change_{model}" for model in _CONTENT]
    + ["delete_alias", "delete_credit", "delete_citation", "delete_crossreference"]
)
_VIEW_CODENAMES = [f"view_{model}" for model in [*_CONTENT, "edition"]] + [
    "view_entryworkflow",
    "view_review",
    "view_reviewcomment",
    "view_transition",
    "view_finding",
    "view_dismissal",
]
# People, and which role each holds; the roles' permissions stay as ``setup_roles`` sets them
# (a group's permissions are changed by superusers alone, ``RoleGroupAdmin``).
_PEOPLE_CODENAMES = [f"{action}_user" for action in ("add", "change", "delete", "view")] + [
    "view_group"
]

ROLE_PERMISSIONS = {
    EDITORS: [*_EDITOR_CODENAMES, *_VIEW_CODENAMES],
    REVIEWERS: [*_VIEW_CODENAMES, "review_entry"],
    EDITORS_IN_CHIEF: [
        *_EDITOR_CODENAMES,
        *_VIEW_CODENAMES,
        "review_entry",
        "publish_without_review",
        "unpublish_entry",
        *_PEOPLE_CODENAMES,
    ],
}

_APPS = ["dictionary", "editorial", "quality", "auth"]


def _permissions(codenames: list[str]) -> list[Permission]:
    found = list(
        Permission.objects.filter(
            Q(content_type__app_label__in=_APPS), codename__in=codenames
        ).select_related("content_type")
    )
    missing = set(codenames) - {permission.codename for permission in found}
    if missing:
        raise LookupError(f"Permissions missing (run migrate first): {', '.join(sorted(missing))}")
    return found


@transaction.atomic
def setup_roles() -> dict[str, int]:
    """Create or update the role groups so each holds exactly its permissions.

    Side effects: creates missing groups and replaces their permission sets; running it
    twice changes nothing. Returns the number of permissions per group.
    """
    counts = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = _permissions(codenames)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
