"""People and roles in the admin: privilege stays where the roles put it."""

import pytest
from django.contrib.auth.models import Group, Permission

from editorial.roles import EDITORS, EDITORS_IN_CHIEF, REVIEWERS
from tests import factories

pytestmark = pytest.mark.django_db


def _permission_ids(group: Group) -> set[int]:
    return set(group.permissions.values_list("pk", flat=True))


@pytest.mark.parametrize("role", [EDITORS, REVIEWERS, EDITORS_IN_CHIEF])
def test_no_role_can_add_a_permission_to_a_group(client, role):
    # The audit: an editor-in-chief gave their own group every permission this way.
    user = factories.make_user(role=role)
    own = Group.objects.get(name=role)
    before = _permission_ids(own)
    client.force_login(user)
    everything = list(Permission.objects.values_list("pk", flat=True))
    url = f"/admin/auth/group/{own.pk}/change/"
    response = client.post(url, {"name": role, "permissions": everything})
    assert response.status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "Mine"}).status_code == 403
    assert _permission_ids(own) == before
    assert not Group.objects.filter(name="Mine").exists()


def test_chiefs_see_the_roles_and_put_people_in_them(client, chief):
    client.force_login(chief)
    editors = Group.objects.get(name=EDITORS)
    page = client.get(f"/admin/auth/group/{editors.pk}/change/")
    assert page.status_code == 200 and "Change group" not in page.content.decode()
    person = factories.make_user("newcomer")
    data = {
        "username": "newcomer",
        "is_active": "on",
        "is_staff": "on",
        "groups": [editors.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    response = client.post(f"/admin/auth/user/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(person.groups.values_list("name", flat=True)) == [EDITORS]


def test_superusers_still_edit_groups(client):
    client.force_login(factories.make_user(is_superuser=True))
    response = client.post("/admin/auth/group/add/", {"name": "Translators"})
    assert response.status_code == 302
    assert Group.objects.filter(name="Translators").exists()
