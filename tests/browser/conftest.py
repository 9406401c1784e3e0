"""Browser tests: Chromium from Debian (`chromium`, `chromium-driver`) driven by Selenium
against pytest-django's live server.

Nothing downloads a browser or a driver: the binaries are found on PATH (or CHROMIUM_BINARY /
CHROMEDRIVER), Selenium Manager is kept offline. When they are missing a browser test skips
on a developer's machine and fails under CI=true (.ci/run installs both).

    @pytest.mark.browser
    def test_home(page, live_server):
        page.open(live_server.url + "/")
        page.shoot("home")                      # var/screenshots/home-phone.png, -desktop.png
        page.assert_accessible()                # axe-core: no serious or critical violation

Each test runs against a transactional database (the live server's thread needs committed
rows); `page` puts back the seed rows (regions, categories, units) the flush removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.reference_data import reference_data_restore

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS_DIR", ROOT / "var" / "screenshots"))
PHONE = (390, 844)
DESKTOP = (1280, 900)
# axe-core's impacts that fail a page (issue 15: "no serious or critical violation").
FAILING_IMPACTS = {"serious", "critical"}


def _binaries() -> tuple[str, str] | None:
    browser = os.environ.get("CHROMIUM_BINARY") or shutil.which("chromium")
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI=true: browser tests must run; .ci/run installs them)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def driver(live_server: Any) -> Iterator[Any]:
    """One Chromium for the session. It depends on the live server so that it quits first:
    a keep-alive connection still open when the server stops would be closed from the
    server's request thread after the database connection stopped being shared with it."""
    found = _binaries()
    if found is None:
        _unavailable("Chromium or chromedriver not found (apt-get install chromium-driver)")
    assert found is not None
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=vi",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(executable_path=found[1]), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def _replaced(exc: Exception) -> bool:
    """Selenium's error for a node the page has replaced: stale, or, from Chromium under load,
    "does not belong to the document"."""
    from selenium.common.exceptions import StaleElementReferenceException

    text = str(exc)
    return isinstance(exc, StaleElementReferenceException) or (
        "does not belong to the document" in text or "stale element" in text
    )


@dataclass
class Page:
    """The browser on a page of the site, with the checks every page test makes."""

    driver: Any

    def open(self, url: str) -> Page:
        self.driver.get(url)
        return self

    def find(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def follow(self, css: str, timeout: float = 15) -> Page:
        """Click what `css` finds (a link, a submit button) and wait until the next page has
        replaced this one: a click returns before the browser has navigated, and an assertion
        on the URL or the page right after it races the server (seen in CI)."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.find("html")
        self.again(lambda: self.find(css).click())

        def old_page_gone(_driver: Any) -> bool:
            # Selenium's staleness_of expects StaleElementReferenceException; Chromium may
            # instead say the node "does not belong to the document" (seen in CI): gone too.
            try:
                old.is_enabled()
            except WebDriverException as exc:
                if _replaced(exc):
                    return True
                raise
            return False

        WebDriverWait(self.driver, timeout).until(old_page_gone)
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        return self

    def again(self, action: Callable[[], Any], tries: int = 3) -> Any:
        """Run `action` (find an element, then act on it), finding it again when the page
        replaced the node in between: Chromium then says the node "does not belong to the
        document" or is stale (seen in CI under load)."""
        from selenium.common.exceptions import WebDriverException

        for attempt in range(tries):
            try:
                return action()
            except WebDriverException as exc:
                if not _replaced(exc) or attempt == tries - 1:
                    raise
        return None

    def type(self, css: str, text: str) -> None:
        """Empty the field `css` finds and type `text` into it."""

        def fill() -> None:
            field = self.find(css)
            field.clear()
            field.send_keys(text)

        self.again(fill)

    def text(self, css: str = "body") -> str:
        return str(self.find(css).text)

    def shoot(self, name: str) -> list[Path]:
        """Screenshots of the current page at phone and desktop widths (full page height)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        saved = []
        for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
            self.driver.set_window_size(width, height)
            full = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, max(height, min(int(full), 6000)))
            path = SCREENSHOTS / f"{name}-{label}.png"
            self.driver.save_screenshot(str(path))
            saved.append(path)
        self.driver.set_window_size(*DESKTOP)
        return saved

    def no_horizontal_scroll(self, width: int = 360) -> bool:
        self.driver.set_window_size(width, PHONE[1])
        try:
            return bool(
                self.driver.execute_script(
                    "return document.documentElement.scrollWidth"
                    " <= document.documentElement.clientWidth"
                )
            )
        finally:
            self.driver.set_window_size(*DESKTOP)

    def accessibility_violations(self) -> list[dict[str, Any]]:
        from selenium_axe_python import Axe

        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]

    def assert_accessible(self) -> None:
        violations = self.accessibility_violations()
        assert not violations, [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in violations
        ]


@pytest.fixture
def page(driver: Any, transactional_db: None) -> Iterator[Page]:
    reference_data_restore()
    driver.delete_all_cookies()
    driver.set_window_size(*DESKTOP)
    yield Page(driver)
    driver.delete_all_cookies()  # while still on the live server: its cookies are the ones set
    driver.get("about:blank")  # no request of this test still in flight at the next flush
