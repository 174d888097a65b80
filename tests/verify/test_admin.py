"""The desk's admin: queue, claim page, workflow buttons, review page, history."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Attribution, Claim
from tests.admin_forms import change_form_data, messages_of
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    claim_in_state,
)
from verify.models import ClaimEvent, Review

pytestmark = pytest.mark.django_db


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def workflow_url(claim, action):
    return reverse("admin:claims_claim_workflow", args=[claim.pk, action])


def review_url(claim):
    return reverse("admin:claims_claim_review", args=[claim.pk])


def test_a_reviewer_sees_the_claims_they_hold_first(client, reviewer, editor):
    other = ClaimFactory(text_en="Waiting for anyone")
    mine = claim_in_state("in_review", reviewer=reviewer, editor=editor)
    signed = claim_in_state("published", reviewer=reviewer, editor=editor)
    client.force_login(reviewer)

    response = client.get(reverse("admin:claims_claim_changelist"))

    listed = list(response.context["cl"].result_list)
    assert listed[:3] == [mine, other, signed]
    held = client.get(reverse("admin:claims_claim_changelist") + "?queue=mine")
    assert list(held.context["cl"].result_list) == [mine]


def test_an_editor_sees_sign_off_work_before_the_review_queue(client, reviewer, editor):
    waiting = ClaimFactory()
    to_sign = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    listed = list(client.get(reverse("admin:claims_claim_changelist")).context["cl"].result_list)
    assert listed == [to_sign, waiting]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=published", {"published"}),
        ("credibility=3", {"awaiting", "published"}),
        ("credibility=none", {"new"}),
        ("queue=sign_off", {"awaiting"}),
        ("queue=public", {"published"}),
        ("q=Karnaz", {"new"}),
    ],
)
def test_list_filters_and_search(client, reviewer, editor, query, expected):
    claims = {
        "new": ClaimFactory(text="Карназ е превзет.", text_en="Karnaz captured."),
        "awaiting": claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor),
        "published": claim_in_state("published", reviewer=reviewer, editor=editor),
    }
    client.force_login(editor)
    response = client.get(reverse("admin:claims_claim_changelist") + "?" + query)
    assert set(response.context["cl"].result_list) == {claims[k] for k in expected}


def test_the_list_filters_by_source_and_shows_the_grade(client, reviewer, editor):
    claim = claim_in_state("awaiting_sign_off", reviewer=reviewer, editor=editor)
    clash = SourceFactory(name="Clash Report")
    AttributionFactory(claim=claim, source=clash)
    AttributionFactory(source=SourceFactory(name="Rybar"))  # another claim, another source
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist") + f"?attributions__source__id__exact={clash.pk}"
    response = client.get(url)
    assert list(response.context["cl"].result_list) == [claim]
    assert "C3" in response.content.decode()


def test_take_grade_submit_then_another_editor_publishes(client, reviewer, editor):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    client.force_login(reviewer)

    page = client.get(change_url(claim))
    assert b"Take for review" in page.content
    response = client.post(workflow_url(claim, "take"), {"version": claim.version})
    assert response.url == review_url(claim)

    claim.refresh_from_db()
    review_page = client.get(review_url(claim))
    assert review_page.context["holder"] is True
    response = client.post(
        review_url(claim),
        {
            "version": claim.version,
            "source_reliability": "C",
            "credibility": "3",
            "likelihood": "roughly_even",
            "confidence": "low",
            "rationale": "Single origin.",
            "evidence": [evidence.pk],
            "_submit": "Submit review",
        },
        follow=True,
    )
    assert "Review submitted." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == "awaiting_sign_off"

    # the reviewer is offered no sign-off; an editor is
    assert b"Sign off and publish" not in client.get(change_url(claim)).content
    client.force_login(editor)
    assert b"Sign off and publish" in client.get(change_url(claim)).content
    response = client.post(
        workflow_url(claim, "publish"), {"version": claim.version, "reason": "OK"}, follow=True
    )
    assert "Signed off and published." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == "published"
    assert [e.action for e in claim.events.all()] == ["take", "submit_review", "publish"]


def test_a_draft_comes_back_on_the_review_page(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    client.post(workflow_url(claim, "take"), {"version": claim.version})
    claim.refresh_from_db()
    data = {
        "version": claim.version,
        "credibility": "4",
        "confidence": "low",
        "rationale": "Half done",
        "_draft": "Save draft",
    }
    response = client.post(review_url(claim), data, follow=True)
    assert "Draft saved. Only you see it until you submit it." in messages_of(response)
    page = client.get(review_url(claim))
    assert page.context["has_draft"] is True
    assert page.context["form"]["rationale"].value() == "Half done"
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_a_bad_review_shows_the_field_error_and_saves_nothing(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    client.post(workflow_url(claim, "take"), {"version": claim.version})
    claim.refresh_from_db()
    response = client.post(
        review_url(claim),
        {"version": claim.version, "credibility": "9", "confidence": "low", "_submit": "1"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"credibility", "rationale"}
    assert not Review.objects.exists()


def test_the_service_refusal_is_shown_as_a_message(client, reviewer, editor):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(workflow_url(claim, "publish"), {"version": claim.version}, follow=True)
    assert messages_of(response) == ["Only editors sign off and publish claims."]
    client.force_login(editor)
    response = client.post(workflow_url(claim, "retract"), {"version": claim.version}, follow=True)
    assert messages_of(response) == ["Say why you retract this claim."]
    claim.refresh_from_db()
    assert claim.status == "new"


def test_the_second_of_two_people_acting_at_once_gets_a_clear_message(reviewer, reviewer2):
    claim = ClaimFactory()
    seen = claim.version  # both opened the page at this version
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(reviewer2)
    first.post(workflow_url(claim, "take"), {"version": seen})
    response = second.post(workflow_url(claim, "take"), {"version": seen}, follow=True)
    assert messages_of(response) == [
        "Someone else changed this claim since you opened it; reload and try again."
    ]
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_editing_a_claim_someone_else_just_changed_is_refused(client, reviewer):
    claim = ClaimFactory(text_en="Original")
    client.force_login(reviewer)
    opened = client.get(change_url(claim))  # page opened at version 1
    claim.text_en = "Changed meanwhile"
    claim.version = 2
    claim.save()

    response = client.post(change_url(claim), change_form_data(opened, text_en="Mine"))

    assert response.status_code == 200
    assert "Someone else changed this claim" in str(response.context["adminform"].form.errors)
    claim.refresh_from_db()
    assert claim.text_en == "Changed meanwhile"


def test_saving_the_claim_page_goes_through_the_services(client, reviewer):
    claim = ClaimFactory(text_en="Old")
    source = SourceFactory()
    client.force_login(reviewer)
    opened = client.get(change_url(claim))
    data = change_form_data(
        opened,
        text_en="New rendering",
        **{
            "attributions-TOTAL_FORMS": "1",
            "attributions-0-source": str(source.pk),
            "attributions-0-stance": "reports_rumour",
            "attributions-0-quote": "Твърди се",
        },
    )
    response = client.post(change_url(claim), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.text_en, claim.version) == ("New rendering", 2)
    attribution = claim.attributions.get()
    assert (attribution.source, attribution.stance, attribution.created_by) == (
        source,
        "reports_rumour",
        reviewer,
    )


def test_removing_an_attribution_others_relay_is_refused_on_the_page(client, reviewer):
    claim = ClaimFactory()
    origin = AttributionFactory(claim=claim)
    AttributionFactory(claim=claim, via=origin)
    client.force_login(reviewer)
    opened = client.get(change_url(claim))
    data = change_form_data(opened, **{"attributions-0-DELETE": "on"})
    response = client.post(change_url(claim), data)
    assert response.status_code == 200
    errors = [str(i.formset.non_form_errors()) for i in response.context["inline_admin_formsets"]]
    assert any("protected related objects" in e for e in errors)
    assert Attribution.objects.filter(pk=origin.pk).exists()


def test_the_claim_page_shows_each_chain_down_to_its_origin(client, reviewer):
    claim = ClaimFactory()
    hur = AttributionFactory(claim=claim, source=SourceFactory(name="HUR"))
    site = AttributionFactory(claim=claim, source=SourceFactory(name="News site"), via=hur)
    client.force_login(reviewer)
    page = client.get(change_url(claim)).content.decode()
    assert "News site → <strong>HUR</strong>" in page
    assert "the origin" in page
    assert site.pk


def test_a_published_claims_text_is_read_only(client, reviewer, editor):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    form = client.get(change_url(claim)).context["adminform"].form
    assert "text" not in form.fields
    assert "text_en" not in form.fields
    assert "tags" in form.fields


def test_a_retracted_claim_is_read_only_everywhere(client, reviewer, editor):
    claim = claim_in_state("retracted", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    page = client.get(change_url(claim))
    assert "tags" not in page.context["adminform"].form.fields
    for inline in page.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission


def test_submitted_reviews_and_history_show_read_only_on_the_claim_page(client, reviewer, editor):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    page = client.get(change_url(claim))
    inlines = {type(i.opts).__name__: i for i in page.context["inline_admin_formsets"]}
    assert not inlines["ReviewInline"].has_change_permission
    assert inlines["ClaimEventInline"].formset.queryset.count() == 3
    assert "Signed off and published" in page.content.decode()


@pytest.mark.parametrize("role_user", ["source_desk", "reviewer"])
def test_only_the_source_desk_grades_sources(client, request, role_user):
    user = request.getfixturevalue(role_user)
    source = SourceFactory()
    client.force_login(user)
    url = reverse("admin:sources_source_grade", args=[source.pk])
    response = client.post(url, {"grade": "B", "rationale": "Confirmed twice."})
    if role_user == "source_desk":
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.reliability == "B"
        assert source.ratings.get().rated_by == user
    else:
        assert response.status_code == 403
        assert not source.ratings.exists()


def test_the_grade_form_needs_a_rationale(client, source_desk):
    source = SourceFactory()
    client.force_login(source_desk)
    url = reverse("admin:sources_source_grade", args=[source.pk])
    response = client.post(url, {"grade": "B", "rationale": ""})
    assert response.status_code == 200
    assert "rationale" in response.context["form"].errors


@pytest.mark.parametrize(
    ("role_user", "url_name", "status"),
    [
        ("source_desk", "admin:claims_claim_add", 403),
        ("source_desk", "admin:sources_source_add", 200),
        ("reviewer", "admin:sources_source_add", 403),
        ("reviewer", "admin:claims_claim_add", 200),
        ("reviewer", "admin:verify_claimevent_changelist", 200),
        ("source_desk", "admin:verify_claimevent_changelist", 200),
    ],
)
def test_roles_see_only_what_they_may(client, request, role_user, url_name, status):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse(url_name)).status_code == status


def test_nobody_edits_or_deletes_events_or_reviews_in_the_admin(client, reviewer, editor):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    admin_user = type(reviewer).objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin_user)
    event = ClaimEvent.objects.filter(claim=claim).first()
    review = Review.objects.get(claim=claim)
    assert (
        client.post(reverse("admin:verify_claimevent_delete", args=[event.pk])).status_code == 403
    )
    assert client.post(reverse("admin:verify_review_delete", args=[review.pk])).status_code == 403
    page = client.get(reverse("admin:verify_review_change", args=[review.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_the_field_history_of_claims_and_sources_is_browsable(client, reviewer, editor):
    claim = claim_in_state("published", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count >= 3
    source = SourceFactory()
    assert client.get(reverse("admin:sources_source_history", args=[source.pk])).status_code == 200


def test_workflow_urls_refuse_get_and_unknown_actions(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    assert client.get(workflow_url(claim, "take")).status_code == 405
    assert client.post(workflow_url(claim, "explode"), {"version": 1}).status_code == 404
    missing = reverse("admin:claims_claim_workflow", args=[999999, "take"])
    assert client.post(missing, {"version": 1}).status_code == 404
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_the_claim_page_shows_suggestion_graph_and_citations_to_copy(client, reviewer, editor):
    from verify.services.suggestions import claim_suggestion_recompute

    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="HUR", reliability="C"))
    claim = claim_in_state("published", reviewer=reviewer, editor=editor, claim=claim)
    claim_suggestion_recompute(claim_id=claim.pk)
    client.force_login(editor)

    page = client.get(change_url(claim))

    assert page.context["suggestion"].origin_count == 1
    html = page.content.decode()
    assert "origin graded C (Fairly reliable): HUR" in html
    assert 'class="ct-graph"' in html
    assert [c.lang for c in page.context["citations"]] == ["en", "bg"]
    assert 'id="citation-bg-text"' in html
    assert "Възможно вярно (C3)" in html


def test_the_reviewer_sees_the_suggestion_beside_the_review_form(client, reviewer):
    from verify.services.suggestions import claim_suggestion_recompute

    claim = ClaimFactory()
    AttributionFactory(claim=claim, stance="reports_rumour")
    claim_suggestion_recompute(claim_id=claim.pk)
    client.force_login(reviewer)
    client.post(workflow_url(claim, "take"), {"version": claim.version})
    page = client.get(review_url(claim)).content.decode()
    assert "reported as rumour" in page
    assert page.index('id="suggestion"') < page.index('id="review-form"')
    assert "Copy citation" not in page  # nothing to cite before publication


def test_a_reviewer_marks_a_duplicate_from_the_claim_page(client, reviewer):
    original, repeat = ClaimFactory(), ClaimFactory()
    client.force_login(reviewer)
    assert b"Mark as duplicate" in client.get(change_url(repeat)).content
    response = client.post(
        workflow_url(repeat, "mark_duplicate"),
        {"version": repeat.version, "duplicate_of": original.pk},
        follow=True,
    )
    assert "Marked as a duplicate; it has left the review queue." in messages_of(response)
    repeat.refresh_from_db()
    assert repeat.duplicate_of == original
    assert f'Duplicate of <a href="{change_url(original)}">' in response.content.decode()


def test_the_chains_on_the_claim_page_cost_the_same_queries_for_two_or_ten_links(client, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(links: int) -> int:
        claim = ClaimFactory()
        via = None
        for _ in range(links):
            via = AttributionFactory(claim=claim, via=via)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(change_url(claim)).status_code == 200
        return sum('FROM "claims_attribution"' in q["sql"] for q in queries.captured_queries)

    client.force_login(reviewer)
    page_queries(1)  # warm the session and content-type caches
    assert page_queries(2) == page_queries(10)


def test_a_token_made_in_the_admin_shows_its_key_once_and_renames_keep_it(
    client, admin_user, reviewer
):
    from verify.models import ApiToken

    client.force_login(admin_user)
    add = reverse("admin:verify_apitoken_add")
    response = client.post(add, {"name": "  ", "user": reviewer.pk})
    assert "name" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()

    response = client.post(add, {"name": "Newsroom CMS", "user": reviewer.pk})
    token = ApiToken.objects.get()
    # on a page of its own, never cached, and in no message (a signed cookie)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["secret"]
    assert ApiToken.hash_of(key) == token.key_hash
    assert key not in str(response.cookies)
    assert key not in client.get(reverse("admin:verify_apitoken_changelist")).content.decode()

    change = reverse("admin:verify_apitoken_change", args=[token.pk])
    opened = client.get(change)
    client.post(change, change_form_data(opened, name="Newsroom CMS v2"))
    token.refresh_from_db()
    assert (token.name, token.key_hash) == ("Newsroom CMS v2", ApiToken.hash_of(key))


def test_a_webhook_to_a_private_address_is_refused_in_the_admin_naming_the_field(
    client, admin_user
):
    from verify.models import WebhookSubscription

    client.force_login(admin_user)
    add = reverse("admin:verify_webhooksubscription_add")
    data = change_form_data(
        client.get(add),
        name="metadata",
        url="http://169.254.169.254/latest/meta-data/",
        events='["claim.published"]',
        owner=str(admin_user.pk),
    )
    response = client.post(add, data, follow=True)
    assert not response.context.get("errors"), response.context["adminform"].form.errors
    assert response.status_code == 200
    assert any(m.startswith("url: ") for m in messages_of(response)), messages_of(response)
    assert not WebhookSubscription.objects.exists()

    data["url"] = "http://127.0.0.1:9/hook"  # on the test deployment's allow-list
    response = client.post(add, data)
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    # shown once, on its own page; never again on the subscription's page
    assert response.context["secret"] == subscription.secret
    change = reverse("admin:verify_webhooksubscription_change", args=[subscription.pk])
    assert subscription.secret not in client.get(change).content.decode()
    # rotation is an action, whose new secret is shown once the same way
    rotated = client.post(
        reverse("admin:verify_webhooksubscription_changelist"),
        {"action": "rotate_secret", "index": 0, "_selected_action": [subscription.pk]},
    )
    subscription.refresh_from_db()
    assert rotated.context["secret"] == subscription.secret != response.context["secret"]


def test_a_retracted_claims_history_offers_no_revert_and_a_forged_one_is_refused(
    client, reviewer, editor
):
    claim = claim_in_state("retracted", reviewer=reviewer, editor=editor)
    version = claim.history.order_by("history_id").first()
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, version.history_id])
    client.force_login(reviewer)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    forged = client.post(url, {"text": claim.text, "language": claim.language, "tags": []})
    assert forged.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "retracted"


def test_a_view_only_user_gets_no_revert_and_no_500(client, reviewer, editor):
    from django.contrib.auth.models import Permission

    claim = ClaimFactory()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    version = claim.history.first()
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, version.history_id])
    client.force_login(viewer)
    assert client.get(url).context["revert_disabled"]
    assert client.post(url, {"text": "Changed."}).status_code == 403
    claim.refresh_from_db()
    assert claim.text != "Changed."


def test_the_history_page_shows_each_change_with_old_and_new_values_in_words(
    client, reviewer, editor
):
    claim = claim_in_state("in_review", reviewer=reviewer, editor=editor)
    client.force_login(editor)
    url = reverse("admin:claims_claim_history", args=[claim.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>Status:</strong> New &rarr; In review" in english
    assert "awaiting_sign_off" not in english
    assert "in_review" not in english.split('id="change-history"')[1]
    assert "None" not in english.split('id="change-history"')[1]
    bulgarian = client.get(url, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    assert "<strong>Състояние:</strong> Нова &rarr; В проверка" in bulgarian
