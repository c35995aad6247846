"""Headless Chromium (Debian's, driven by Playwright) against pytest-django's live server.

Under CI (HEADWORD_REQUIRE_BROWSER=1) a missing browser fails the run instead of skipping.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the tests still touch the
# database synchronously between browser steps, which Django allows only with this flag.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
    if os.environ.get("HEADWORD_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under tests/browser/screenshots/NAME.png."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, live_server, username: str, password: str = "pass-for-tests") -> None:
    """Log in through the admin login form, as a person would."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


# Installed before any page script runs (through the DevTools protocol, which the page's
# Content-Security-Policy does not govern), so a violation during parsing is caught too.
_COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


class PolicyWatch:
    """Visits pages in one tab and says what each did against the policy: violations
    reported to the page, CSP errors in the console, and any dialog (alert, confirm) that
    opened, which only a script the site did not write would open."""

    def __init__(self, page):
        self.page = page
        self.heard: list[str] = []
        page.add_init_script(_COLLECT_VIOLATIONS)
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.heard.append(message.text)

    def _dialog(self, dialog) -> None:
        self.heard.append(f"a {dialog.type} dialog: {dialog.message}")
        dialog.dismiss()

    def visit(self, url: str) -> list[str]:
        self.heard.clear()
        # goto returns after the load event: by then the parser has run every script and
        # style on the page, and the violation events it queued have been dispatched.
        response = self.page.goto(url)
        assert response.status == 200, url
        return self.page.evaluate("window.cspViolations") + list(self.heard)


def watch_policy(page) -> PolicyWatch:
    return PolicyWatch(page)
