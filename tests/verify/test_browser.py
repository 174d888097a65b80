"""The desk's day in the browser, in Bulgarian and in English (headless
Debian Chromium driven by Playwright): a pasted article ingested, its
candidates reviewed on the job page (one edited and accepted, one accepted
as the same as a filed claim, one dropped from the keyboard), the claim
taken, graded and submitted, signed off by another person, its public page
opened and the language switched.

On every page of the walk: at 1 366 × 768 nothing scrolls sideways; axe-core
(axe-playwright-python) finds no serious or critical violation; and on the
Bulgarian walk no English text of the project's own catalogue shows (each
msgid whose Bulgarian differs, looked for in the page's visible text, data
in its own language excluded). A screenshot of each step goes to
test-artifacts/; with UPDATE_SCREENSHOTS=1 (`make screenshots`) to
docs/screenshots/ too, which the README links.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from claims.models import Candidate, Claim, IngestionJob
from claims.selectors.origins import claim_cluster
from claims.services.ingestion import ingestion_run
from tests.factories import watched_item, watched_outlet
from verify.demo import demo_load
from verify.services.spreading import spread_threshold_set, spreading_check
from verify.services.suggestions import claim_suggestion_recompute

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


VIEWPORT = {"width": 1366, "height": 768}
SHOTS = ROOT / "test-artifacts" / "walk"
DOCS = ROOT / "docs" / "screenshots"

ARTICLES = {
    "bg": (
        "Министерството на отбраната на Русия заяви, че руските войски са напуснали Хама "
        "и са се изтеглили към авиобазата Хмеймим.\n\n"
        "Агенция Ройтерс съобщи, че бунтовниците навлязоха в Карназ призори.\n\n"
        "Местен жител заяви, че мостът над реката е бил взривен през нощта."
    ),
    "en": (
        "Russia's Defence Ministry said that Russian troops had left Hama and withdrawn "
        "to the Hmeimim air base.\n\n"
        "Reuters reported that rebel units reached Karnaz before dawn.\n\n"
        "A local resident said that the night had been quiet."
    ),
}
# What the desk types: the edited claim, the search for the filed claim.
EDITED = {
    "bg": "Бунтовниците навлязоха в Карназ призори на 1 декември.",
    "en": "Rebel units reached Karnaz before dawn on 1 December.",
}
SEARCH = {"bg": "Хмеймим", "en": "Hmeimim"}
COPIED = {"bg": "Копирано", "en": "Copied"}
WORDS = {
    "bg": {
        "accepted": "Заведено като",
        "submitted": "Проверката е подадена.",
        "status": "Очаква одобрение",
    },
    "en": {"accepted": "Filed as", "submitted": "Review submitted.", "status": "Awaiting sign-off"},
}


# --- what every page of the walk must hold ----------------------------------------


def _catalogue_english() -> list[re.Pattern]:
    """The project's own English strings whose Bulgarian differs, as word
    patterns (split at placeholders and markup; fragments of a word or two
    short letters are too common to tell)."""
    po = Path(settings.BASE_DIR) / "locale" / "bg" / "LC_MESSAGES" / "django.po"
    entries = re.findall(
        r'\nmsgid "(.*)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? "(.*)"', po.read_text()
    )
    patterns = set()
    for msgid, msgstr in entries:
        if not msgid or msgid == msgstr:
            continue
        for fragment in re.split(r"%\(\w+\)[sd]|<[^>]+>|\{\{[^}]+\}\}|[:;()“”\"—…→,.]", msgid):
            fragment = fragment.strip().replace("\\", "")
            letters = re.sub(r"[^A-Za-z]", "", fragment)
            if len(letters) >= 4 and (" " in fragment or len(letters) >= 6):
                patterns.add(fragment)
    return [re.compile(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])") for p in sorted(patterns)]


CATALOGUE = None
PEOPLE = ("reviewer", "editor")

VISIBLE_TEXT = """() => {
  // the page's visible text, without data shown in its own language
  // (claims, quotes, names marked lang="…") and what people typed
  const skip = (el) => el.closest(
    '[lang]:not(html), [translate=no], #user-tools strong, textarea, input, select, code, '
    + 'pre, q, blockquote, .select2-container, script, style');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || skip(el) || !node.textContent.trim()) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    const hidden = style.visibility === 'hidden' || style.display === 'none';
    if (hidden || (!box.width && !box.height)) continue;
    out.push(node.textContent.trim());
  }
  const named = '[placeholder], [aria-label], [title], input[type=submit]';
  for (const el of document.querySelectorAll(named)) {
    if (el.closest('[lang]:not(html)')) continue;
    for (const a of ['placeholder', 'aria-label', 'title', 'value'])
      if (el.getAttribute(a) && (a !== 'value' || el.type === 'submit'))
        out.push(el.getAttribute(a));
  }
  return out.join('\\n');
}"""


class Walk:
    def __init__(self, page, language: str):
        self.page, self.language, self.step = page, language, 0
        self.problems: list[str] = []
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()

    def check(self, name: str) -> None:
        """Sideways scroll, accessibility and (Bulgarian) English text on the
        page as it is now; its screenshot."""
        global CATALOGUE
        page = self.page
        page.wait_for_load_state("networkidle")
        self.step += 1
        label = f"{self.language}/{self.step:02d}-{name}"
        wide = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if wide[0] > wide[1]:
            self.problems.append(f"{label}: scrolls sideways ({wide[0]} > {wide[1]} px)")
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                where = [n["target"] for n in violation["nodes"][:3]]
                self.problems.append(
                    f"{label}: axe {violation['id']} ({violation['impact']}) {where}"
                )
        if self.language == "bg":
            CATALOGUE = CATALOGUE or _catalogue_english()
            text = page.evaluate(VISIBLE_TEXT)
            for person in PEOPLE:  # usernames are data ("reviewer" is also a word)
                text = re.sub(rf"(?<![A-Za-z]){person}(?![A-Za-z])", "", text)
            english = sorted(
                {
                    text[max(0, m.start() - 30) : m.end() + 30]
                    for p in CATALOGUE
                    if (m := p.search(text))
                }
            )
            if english:
                self.problems.append(f"{label}: English on the Bulgarian page: {english[:8]}")
        shot = SHOTS / f"{label}.jpg"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), type="jpeg", quality=60)
        if os.environ.get("UPDATE_SCREENSHOTS"):
            target = DOCS / f"{label}.jpg"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, target)


def _log_in(browser, base_url, username, language):
    context = browser.new_context(viewport=VIEWPORT, locale=language)
    context.set_extra_http_headers({"Accept-Language": language})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.refused = refused
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page


def _pick(page, select_id: str, typed: str, shown: str) -> None:
    """Choose in an admin autocomplete (select2): open it, type, click the
    option that shows `shown` once the search has answered."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-search__field", typed)
    option = page.locator(".select2-results__option", has_text=shown).first
    option.wait_for(timeout=10_000)
    option.click()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_desks_day_in_the_browser(live_server, browser, language):
    demo_load(password=PASSWORD)
    base = live_server.url
    reviewer = _log_in(browser, base, "reviewer", language)
    walk = Walk(reviewer, language)
    walk.check("admin-home")

    # 1. paste an article with its address
    reviewer.goto(f"{base}/admin/claims/ingestionjob/add/")
    walk.check("paste-article")
    reviewer.fill("#id_text", ARTICLES[language])
    reviewer.fill("#id_url", "https://news.example/hama")
    reviewer.click("input[name=_save]")
    reviewer.wait_for_selector("#content-main")
    job = IngestionJob.objects.get()
    if job.status == IngestionJob.Status.QUEUED:
        assert reviewer.locator("#job-progress-bar").count() == 1  # the bar, while it waits
        ingestion_run(job_pk=job.pk)  # what the worker does; the page reloads when it is done
    reviewer.wait_for_selector("li.candidate form", timeout=20_000)
    walk.check("job-page")
    candidates = list(Candidate.objects.filter(job=job).order_by("position"))
    assert len(candidates) == 3
    same, edited, dropped = candidates

    # 2. edit one candidate's text and accept it
    card = f"#candidate-{edited.pk}"
    reviewer.fill(f"{card} textarea", EDITED[language])
    reviewer.click(f"{card} button[value=accept]")
    reviewer.wait_for_selector(".messagelist")
    assert WORDS[language]["accepted"] in reviewer.inner_text(".messagelist")

    # 3. accept one as the same as a filed claim, chosen by searching for it
    filed = Claim.objects.get(text_en__contains="Hmeimim")
    _pick(reviewer, f"id_c{same.pk}-same_as", SEARCH[language], shown=str(filed))
    walk.check("same-as-picker")
    reviewer.click(f"#candidate-{same.pk} button[value=same]")
    reviewer.wait_for_selector(".messagelist")

    # 4. drop the last from the keyboard: j to reach it, d to drop
    reviewer.click("h1")
    reviewer.keyboard.press("j")
    reviewer.keyboard.press("d")
    reviewer.wait_for_selector(f"#candidate-{dropped.pk}.done")
    walk.check("candidates-reviewed")
    statuses = dict(Candidate.objects.filter(job=job).values_list("pk", "status"))
    assert statuses == {same.pk: "accepted", edited.pk: "accepted", dropped.pk: "dropped"}
    claim = Candidate.objects.get(pk=edited.pk).claim
    assert claim.text == EDITED[language]
    assert filed in claim_cluster(Candidate.objects.get(pk=same.pk).claim)

    # 5. take the claim, grade it and submit
    claim_suggestion_recompute(claim_id=claim.pk)  # what the worker does
    reviewer.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    walk.check("claim-page")
    reviewer.click("button[name=take]")
    reviewer.wait_for_selector("#review-form")
    walk.check("review-form")
    reviewer.select_option("#id_source_reliability", "B")
    reviewer.select_option("#id_credibility", "3")
    reviewer.select_option("#id_likelihood", "roughly_even")
    reviewer.select_option("#id_confidence", "low")
    reviewer.fill("#id_rationale", "Един първоизточник." if language == "bg" else "One origin.")
    reviewer.click("input[name=_submit]")
    reviewer.wait_for_selector("#claim-status")
    assert WORDS[language]["submitted"] in reviewer.inner_text(".messagelist")
    assert reviewer.inner_text("#claim-status") == WORDS[language]["status"]

    # 6. another person, an editor, signs off
    editor = _log_in(browser, base, "editor", language)
    walk.page = editor
    editor.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    walk.check("sign-off")
    editor.click("button[name=publish]")
    editor.wait_for_selector(".messagelist")
    claim.refresh_from_db()
    assert claim.status == "published"
    publish = claim.events.get(action="publish")
    assert (publish.actor.username, publish.review.reviewer.username) == ("editor", "reviewer")
    walk.check("published")
    # the page's own script (with its nonce) copies the citation line
    editor.click("button[data-copy=citation-en-text]")
    assert editor.inner_text("button[data-copy=citation-en-text]") == COPIED[language]

    # 7. the public page, then the other language
    editor.click(f"#public-record a[href$='/claims/{claim.pk}/']")
    editor.wait_for_selector("h1")
    assert EDITED[language] in editor.inner_text("h1")
    walk.check("public-page")
    other = "en" if language == "bg" else "bg"
    editor.click(f"a[hreflang={other}]")
    editor.wait_for_selector("h1")
    assert editor.evaluate("document.documentElement.lang") == other

    # 8. the watches brought the claim from three outlets in two languages: the board
    _spreading_story(claim)
    reviewer.goto(f"{base}/admin/verify/spreadingalert/board/?hours=6")
    reviewer.wait_for_selector("table#spreading")
    assert reviewer.locator(f"tr[data-cluster='claim:{claim.pk}'] .spreading-mark").count() == 1
    walk.page = reviewer
    walk.check("spreading-board")

    assert reviewer.refused == []  # the Content Security Policy held
    assert editor.refused == []
    assert walk.problems == [], "\n".join(walk.problems)


def _spreading_story(claim) -> None:
    """Three watched outlets carried the claim within the hour, in two
    languages; the desk's threshold (3 outlets, 2 languages) raised it."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="reviewer")
    told = [("Harbour Courier", "The ferry report, in English.", "en", 50),
            ("Valley Post", "The same report, told again in English.", "en", 20),
            ("Морски глас", "Същото съобщение, на български.", "bg", 10)]  # fmt: skip
    for n, (name, text, language, ago) in enumerate(told):
        watched_item(watched_outlet(name, user), n, text, language, claim=claim,
                     minutes_ago=ago, reviewer=user)  # fmt: skip
    spread_threshold_set(actor=user, outlets=3, languages=2, within_hours=6)
    assert len(spreading_check()) == 1
