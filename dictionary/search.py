"""Free-text search over current editions."""

from django.db.models import Q, QuerySet


def search_editions(editions: QuerySet, query: str) -> QuerySet:
    """Editions matching ``query`` in headword, aliases or body (case-insensitive)."""
    words = query.split()
    for word in words:
        editions = editions.filter(
            Q(headword__icontains=word) | Q(aliases__icontains=word) | Q(body__icontains=word)
        )
    return editions
