"""A reviewer grades a demo claim and submits; another person, an editor,
publishes it — in headless Debian Chromium driven by Playwright.

The claim page's screenshot goes to test-artifacts/; with
UPDATE_SCREENSHOTS=1 (`make screenshots`) it replaces the README's picture
under docs/.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from claims.models import Claim
from verify.demo import demo_load
from verify.services.suggestions import suggestion_refresh

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
            # ORM calls made while Playwright's loop ran opened a connection
            # in that context; close it so the test database can be dropped.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _log_in(browser, base_url, username):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page


def test_reviewer_grades_and_submits_then_another_editor_publishes(live_server, browser):
    demo_load(password=PASSWORD)
    claim = Claim.objects.get(text_en__contains="air strikes on Khan Shaykhun")
    suggestion_refresh(claim_id=claim.pk)  # what the worker does in production
    assert claim.status == "new"
    change_url = f"{live_server.url}/admin/claims/claim/{claim.pk}/change/"

    # the reviewer takes the claim, reads the chains, grades and submits
    reviewer = _log_in(browser, live_server.url, "reviewer")
    reviewer.goto(change_url)
    assert "Bulgarian news site (demo article) → Ukrainian military intelligence (HUR)" in (
        reviewer.inner_text("body")
    )
    reviewer.click("button[name=take]")
    reviewer.wait_for_selector("#review-form")
    assert "You hold this claim now" in reviewer.inner_text(".messagelist")
    assert "Ukrainian military intelligence (HUR)" in reviewer.inner_text("#content-main")
    assert "single origin" in reviewer.inner_text("#suggestion")
    reviewer.select_option("#id_source_reliability", "C")
    reviewer.select_option("#id_credibility", "3")
    reviewer.select_option("#id_likelihood", "roughly_even")
    reviewer.select_option("#id_confidence", "low")
    reviewer.fill("#id_rationale", "Single origin: HUR, a party to the conflict. No imagery.")
    reviewer.click("input[name=_submit]")
    reviewer.wait_for_selector("#claim-status")
    assert "Review submitted." in reviewer.inner_text(".messagelist")
    assert reviewer.inner_text("#claim-status") == "Awaiting sign-off"
    assert reviewer.locator("button[name=publish]").count() == 0  # not for reviewers

    # a different person, an editor, signs off and publishes
    editor = _log_in(browser, live_server.url, "editor")
    editor.goto(change_url)
    editor.fill("form:has(button[name=publish]) input[name=reason]", "Wording checked.")
    editor.click("button[name=publish]")
    editor.wait_for_selector(".messagelist")
    assert "Signed off and published." in editor.inner_text(".messagelist")
    assert editor.inner_text("#claim-status") == "Published"
    history = editor.inner_text("#events-group")
    assert "Signed off and published" in history
    assert "Took for review" in history
    assert "Possibly true (C3): single origin" in editor.input_value("#citation-en-text")

    # under the Content Security Policy the page's own script (with its
    # nonce) runs, and nothing on the page is refused
    refused = []
    editor.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    editor.goto(change_url)
    editor.click("button[data-copy=citation-en-text]")
    assert editor.inner_text("button[data-copy=citation-en-text]") == "Copied"
    assert refused == []

    # the database agrees
    claim.refresh_from_db()
    assert claim.status == "published"
    publish = claim.events.get(action="publish")
    assert (publish.actor.username, publish.review.reviewer.username) == ("editor", "reviewer")
    assert (publish.review.credibility, publish.review.source_reliability) == ("3", "C")
    assert publish.reason == "Wording checked."

    shot = ROOT / "test-artifacts" / "claim-page.png"
    shot.parent.mkdir(exist_ok=True)
    editor.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS"):
        target = ROOT / "docs" / "claim-page.png"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)
