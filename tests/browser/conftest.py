"""Headless Chromium for the browser tests, and the checks every visited page must pass.

Each page a test visits goes through :func:`check_page`: axe-core finds no
serious or critical accessibility violation, the browser reports no Content
Security Policy violation, and a full-page screenshot lands in
``test-artifacts/``. Without Chromium or Playwright the tests are skipped,
unless ``CLAIR_REQUIRE_BROWSER=1`` (CI) turns that into a failure.
"""

import functools
import importlib.resources
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clair_portal.testing import reference
from clair_portal.testing.readable import read_text, unreadable
from conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}
# Bounds every wait, so a hung page fails the test instead of the whole run.
TIMEOUT_MS = 15_000

# Records violations from the moment a document starts, before its own scripts.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""
CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


def _unavailable(reason: str):
    if os.environ.get("CLAIR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CLAIR_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@functools.cache
def _axe_source() -> str:
    """axe-core as shipped inside the installed package: nothing is fetched at run time."""
    try:
        files = importlib.resources.files("axe_playwright_python")
    except ModuleNotFoundError:
        _unavailable("axe-core is missing: install the dev dependencies (axe-playwright-python)")
    return (files / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module.

    The sync Playwright API keeps an asyncio loop on this thread, which makes
    Django refuse ORM calls; the tests and the fixtures below use the ORM only
    between browser calls, never concurrently, so the guard is lifted for as long
    as the browser lives (and only then, so other modules keep it).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: install the dev dependencies")
    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not executable:
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visitor:
    """A page plus what the checks found on it."""

    page: object
    name: str
    console_csp: list[str] = field(default_factory=list)
    shots: int = 0

    def visit(self, path: str, *, label: str | None = None):
        """Open ``path`` on the live server and run every check on it."""
        response = self.page.goto(path, wait_until="load")
        assert response is not None and response.ok, f"GET {path}: {response and response.status}"
        self.check(label or path)
        self.assert_readable_in_the_other_language(path)
        return response

    def log_in(self, user, language: str = "en", password: str = PASSWORD) -> None:
        """Sign in through the login page as a person would, from a clean browser."""
        page = self.page
        page.context.clear_cookies()
        self.visit(f"/{language}/accounts/login/", label=f"{language} login {user.email}")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    def check(self, label: str) -> None:
        """Axe, CSP and a screenshot for the page now shown (after a click or a post too)."""
        self.page.wait_for_load_state("load")
        self.shots += 1
        slug = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-") or "root"
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(
            path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}-{slug}.png"), full_page=True
        )
        _assert_accessible(self.page, label)
        self.assert_no_csp_violations(label)
        _assert_fits_a_phone(self.page, label)
        # The admin is HQ's data entry: its office form chooses a zone by its IANA id.
        if "/admin/" not in self.page.url:
            language = self.page.evaluate("document.documentElement.lang") or "en"
            _assert_readable(self.page.content(), language, label)

    def assert_readable_in_the_other_language(self, path: str) -> None:
        """The same page in the other language (same visitor, same cookies) reads as well."""
        match = re.match(r"^/(en|ja)/", path)
        if not match:
            return
        other = "ja" if match.group(1) == "en" else "en"
        response = self.page.request.get(f"/{other}/{path[len(match.group(0)) :]}")
        if response.ok and "html" in response.headers.get("content-type", ""):
            _assert_readable(response.text(), other, f"{path} in {other}")

    def assert_no_csp_violations(self, label: str) -> None:
        found = list(self.console_csp)
        found += self.page.evaluate("(window.__cspViolations || []).splice(0)")
        self.console_csp.clear()
        if found:
            lines = "\n".join(f"  - {line}" for line in found)
            raise AssertionError(f"Content Security Policy violations on {label}:\n{lines}")


# A phone held upright: nothing on the page may be wider than it (a table scrolls inside
# its own box instead).
PHONE_WIDTH = 390
OVERFLOW_SCRIPT = """(width) => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= width + 1) { return []; }
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      let scrolled = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') { scrolled = true; break; }
      }
      if (!scrolled) { wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' (' + Math.round(box.right) + ' px)'); }
    }
  }
  return [root.scrollWidth].concat(wide.slice(0, 8));
}"""


def _assert_fits_a_phone(page, label: str) -> None:
    """The page at 390 px wide scrolls only down, never sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    try:
        found = page.evaluate(OVERFLOW_SCRIPT, PHONE_WIDTH)
    finally:
        page.set_viewport_size(size)
    if found:
        width, *wide = found
        raise AssertionError(
            f"{label} is {width} px wide on a {PHONE_WIDTH} px screen; too wide: {', '.join(wide)}"
        )


def _assert_readable(html: str, language: str, label: str) -> None:
    """No IANA zone id, bare UTC offset or ISO date where a person reads (issue 19)."""
    found = unreadable(read_text(html), language)
    if found:
        lines = "\n".join(f"  - {line}" for line in found)
        raise AssertionError(f"{label} shows what readers cannot read:\n{lines}")


def _assert_accessible(page, label: str) -> None:
    # Evaluated over the DevTools protocol, not as an inline <script>, so that
    # injecting axe cannot itself trip the page's Content Security Policy.
    page.evaluate(_axe_source())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = "\n".join(_describe(v) for v in blocking)
        raise AssertionError(f"axe-core found serious or critical violations on {label}:\n{lines}")


def _describe(violation: dict) -> str:
    lines = [f"  - [{violation['impact']}] {violation['id']}: {violation['help']}"]
    for node in violation["nodes"][:10]:
        target = " ".join(str(t) for t in node["target"])
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"      at {target}: {node['html'][:160]}")
        lines.append(f"         {summary}")
    if len(violation["nodes"]) > 10:
        lines.append(f"      … and {len(violation['nodes']) - 10} more")
    lines.append(f"      see {violation['helpUrl']}")
    return "\n".join(lines)


@pytest.fixture
def browser_locale():
    """The browser's language (Accept-Language); a test can parametrize it."""
    return "en-US"


@pytest.fixture
def visitor(chromium, live_server, browser_locale, request):
    """A fresh browser context (no cookies) on the live server for one test."""
    _axe_source()  # skips or fails before the browser starts if axe-core is missing
    context = chromium.new_context(
        base_url=live_server.url,
        locale=browser_locale,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    name = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-")
    visitor = Visitor(page=page, name=name)
    page.on(
        "console",
        lambda message: (
            visitor.console_csp.append(message.text) if CSP_CONSOLE.search(message.text) else None
        ),
    )
    try:
        yield visitor
        # What happened after the test's last check (a click, a script) counts too.
        if not page.is_closed() and page.url.startswith(live_server.url):
            visitor.assert_no_csp_violations(f"{page.url} (after the last check)")
    finally:
        context.close()


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, started while ``MEDIA_URL`` is a path.

    The portal sets ``MEDIA_URL = None`` (uploads go out through views only),
    and Django's live server thread builds its media handler from
    ``urlparse(MEDIA_URL)``: with None every request fails with a TypeError.
    Nothing is uploaded in these tests, so the handler's prefix is never used.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost")
    with override_settings(MEDIA_URL="/media-is-not-served/"):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def reference_data(transactional_db):
    """The real offices and local governments, committed, so the live server sees them.

    The test database holds them from the start and gets them back after each
    flush (clair_portal/testing/reference.py); this only checks they are whole.
    """
    reference.ensure_present()
