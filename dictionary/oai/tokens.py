"""Resumption tokens: where a list stopped and what it was asked, in one opaque string."""

import base64
import json
from dataclasses import asdict, dataclass
from datetime import datetime


class BadToken(ValueError):
    """A token this repository did not issue, or cannot read."""


@dataclass(frozen=True)
class ListRequest:
    """What a ListIdentifiers or ListRecords request asks, and where its next page starts
    (after the record published at ``after_time`` with edition id ``after_id``)."""

    prefix: str = "oai_dc"
    since: str | None = None
    until: str | None = None
    set_spec: str | None = None
    after_time: str | None = None
    after_id: int = 0

    def after(self) -> tuple[datetime, int] | None:
        if self.after_time is None:
            return None
        return datetime.fromisoformat(self.after_time), self.after_id


def write_token(request: ListRequest) -> str:
    text = json.dumps(asdict(request), separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_token(token: str) -> ListRequest:
    try:
        padded = token + "=" * (-len(token) % 4)
        fields = json.loads(base64.urlsafe_b64decode(padded.encode()))
        request = ListRequest(**fields)
        request.after()  # the time must parse
        if not isinstance(request.after_id, int):
            raise TypeError(request.after_id)
    except (ValueError, TypeError, UnicodeError) as error:
        raise BadToken(token) from error
    return request
