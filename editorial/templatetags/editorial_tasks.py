"""Template tag for the admin index: the signed-in person's pending tasks."""

from django import template

from editorial.tasks import pending_tasks

register = template.Library()


@register.simple_tag
def pending_tasks_for(user):
    """The pending tasks of ``user`` (see editorial.tasks.pending_tasks)."""
    return pending_tasks(user)
