"""Read an admin change form's fields from its HTML, as a browser would submit them."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.data[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.data.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "textarea":
            self._textarea, self.data[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form_data(html: str, form_id: str = "entry_form") -> dict:
    """The values the change form would post, keyed by field name."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = reader.data
    # The admin's textareas start with a newline that browsers drop.
    return {
        key: value.removeprefix("\n") if isinstance(value, str) else value
        for key, value in data.items()
    }
