"""The checks that every browser test relies on do catch what they are for.

The pages here are served by the browser itself (``page.route``), so that a
broken page exists whatever the portal's templates look like.
"""

import pytest

pytestmark = pytest.mark.browser

GOOD = """<!doctype html><html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"""


def _serve(visitor, path: str, body: str, headers: dict[str, str] | None = None) -> None:
    visitor.page.route(
        f"**{path}",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=body, headers=headers or {}
        ),
    )


def test_a_clean_page_passes(visitor):
    _serve(visitor, "/check/good/", GOOD)
    visitor.visit("/check/good/")


def test_serious_accessibility_violations_fail_with_a_readable_list(visitor):
    bad = GOOD.replace('<html lang="en">', "<html>").replace(
        "<p>Nothing wrong here.</p>", '<img src="data:,"><input type="text">'
    )
    _serve(visitor, "/check/inaccessible/", bad)
    with pytest.raises(AssertionError) as failure:
        visitor.visit("/check/inaccessible/")
    message = str(failure.value)
    assert "axe-core found serious or critical violations" in message
    for rule in ["html-has-lang", "image-alt", "label"]:
        assert rule in message


def test_csp_violations_fail(visitor):
    page = GOOD.replace("<p>Nothing wrong here.</p>", "<script>document.title = 'x'</script>")
    _serve(visitor, "/check/csp/", page, {"Content-Security-Policy": "script-src 'self'"})
    with pytest.raises(AssertionError) as failure:
        visitor.visit("/check/csp/")
    assert "Content Security Policy violations" in str(failure.value)
    assert "script-src" in str(failure.value)
