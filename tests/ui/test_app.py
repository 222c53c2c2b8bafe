"""The Streamlit app opens on the seed and shows its findings."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[2] / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("TQA_NO_MODELS", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_app_opens_on_the_seed_with_findings(app):
    text = " ".join(m.value for m in app.markdown)
    assert "export control" in text
    assert "<mark" in text  # flagged spans are highlighted
    captions = " ".join(c.value for c in app.caption)
    assert "000\\_676519bc2e061030\\.txt" in captions
    assert "unbalanced-quotes" in captions


def test_highlighting_escapes_document_text():
    from qa.model import Category, Finding, Severity, Unit, UnitResult
    from qa.ui.review import highlighted

    target = '<img src=x onerror=alert(1)> "quoted" tail'
    f = Finding("c", Category.FLUENCY, Severity.MAJOR, 29, 37, 'msg "<b>"')
    html = highlighted(UnitResult(Unit("1", target), (f,)))
    assert "<img" not in html and "&lt;img" in html
    assert "<b>" not in html
    assert html.count("<mark") == 1 and "&quot;quoted&quot;</mark>" in html


def test_highlighting_two_findings_on_the_same_span():
    from qa.model import Category, Finding, Severity, Unit, UnitResult
    from qa.ui.review import highlighted

    a = Finding("a", Category.STYLE, Severity.MINOR, 0, 7, "one")
    b = Finding("b", Category.TERMINOLOGY, Severity.MAJOR, 0, 7, "two")
    html = highlighted(UnitResult(Unit("1", "Sino-US talks"), (a, b)))
    assert html.count("<mark") == 1 and html.endswith(" talks")


HOSTILE = "See ![pixel](http://evil.example/p.png) and [click](javascript:alert(1)) **now** $x$"


def test_document_text_is_not_markdown_in_the_page():
    """Streamlit renders Markdown: an image in a document must not make the browser fetch it."""
    from markdown_it import MarkdownIt

    from qa.model import Category, Finding, Severity, Unit, UnitResult
    from qa.ui.review import highlighted, html_block, md_escape

    md = MarkdownIt("commonmark")
    f = Finding("c", Category.FLUENCY, Severity.MAJOR, 0, 3, "msg")
    body = md.render(html_block("🟡 " + highlighted(UnitResult(Unit("1", HOSTILE), (f,)))))
    caption = md.render(md_escape(f"Repeated: '{HOSTILE}'\n\n# heading"))
    for page in (body, caption):
        assert "<img" not in page and "<a " not in page and "<strong>" not in page
        assert "<h1>" not in page
    assert "![pixel](http://evil.example/p.png)" in caption
