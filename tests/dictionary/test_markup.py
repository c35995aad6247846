"""The body markup renders to safe HTML and yields its cross-references."""

from dictionary.markup import extract_references, join_paragraphs, plain_text, render_body


def _links(target):
    return {"Zinoviev, Grigori": "/entries/zinoviev-grigori/"}.get(target)


def test_paragraphs_italics_and_cross_references():
    body = "Served with [[Zinoviev, Grigori|Grigori Zinoviev]].\n\nWrote *Conquered City*."
    html = render_body(body, link_for=_links)
    assert html.count("<p>") == 2
    assert '<a class="xref" href="/entries/zinoviev-grigori/">Grigori Zinoviev</a>' in html
    assert "<em>Conquered City</em>" in html


def test_unresolved_target_is_plain_text_not_a_link():
    html = render_body("See [[Radek, Karl]].", link_for=_links)
    assert "<a" not in html
    assert '<span class="xref-unlinked">Radek, Karl</span>' in html


def test_no_html_from_a_body_reaches_the_page():
    body = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) "
        '[[<b>bold</b>|<i onclick="x">label</i>]]'
    )
    html = render_body(body, link_for=lambda target: "javascript:alert(1)")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<i " not in html and "&lt;i onclick" in html
    assert 'href="javascript' not in html


def test_extract_references_keeps_order_and_each_target_once():
    body = "[[Lenin, Vladimir]] then [[Trotsky, Leon|Trotsky]] and [[lenin,  vladimir|him]]"
    refs = extract_references(body)
    assert [(ref.target, ref.label) for ref in refs] == [
        ("Lenin, Vladimir", "Lenin, Vladimir"),
        ("Trotsky, Leon", "Trotsky"),
    ]


def test_plain_text_and_join_paragraphs():
    assert plain_text("A *b* [[C, D|label]]\n\nE") == "A b label E"
    assert join_paragraphs([" One. ", "", "Two."]) == "One.\n\nTwo."
