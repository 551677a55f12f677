import pytest

pytestmark = pytest.mark.django_db


def test_content_security_policy_has_no_unsafe_inline(client):
    response = client.get("/en/offices/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_frames_sniffing_referrer_and_features_are_denied(client):
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_and_secure_cookies_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/en/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"]


def test_every_template_is_free_of_inline_script_and_style():
    """The CSP forbids them; catch a new one before a browser does."""
    import re
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    templates = [
        p
        for p in base.rglob("*.html")
        if ".venv" not in p.parts and ".data" not in p.parts and "test-artifacts" not in p.parts
    ]
    assert templates
    offenders = []
    for path in templates:
        html = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(
            r"\sstyle=|<style\b|\son[a-z]+=", html
        ):
            offenders.append(str(path.relative_to(base)))
    assert offenders == []
