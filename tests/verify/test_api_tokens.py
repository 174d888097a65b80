import hashlib

import pytest
from django.urls import reverse

from tests.conftest import api_client_for
from verify.clients.tokens import token_create, token_revoke
from verify.models import ApiToken

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_key_is_stored(api_client_user):
    token, key = token_create(user=api_client_user, name="CMS")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.prefix == key[:8]


def test_a_token_works_until_revoked(api_client_user):
    token, key = token_create(user=api_client_user, name="CMS")
    client = api_client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/webhooks/").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None

    token_revoke(token=token)
    response = client.get("/api/v1/webhooks/")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid or revoked token."


def test_a_made_up_token_is_401():
    client = api_client_for()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get("/api/v1/claims/").status_code == 401


def test_the_admin_makes_a_token_and_shows_the_key_once(client, api_client_user):
    admin = type(api_client_user).objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        reverse("admin:verify_apitoken_add"),
        {"name": "Website widget", "user": api_client_user.pk},
    )
    key = response.context["secret"]  # on a page of its own, not in a message
    assert not list(response.context.get("messages", []))
    token = ApiToken.objects.get(name="Website widget")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (
        key
        not in client.get(reverse("admin:verify_apitoken_change", args=[token.pk])).content.decode()
    )

    client.post(
        reverse("admin:verify_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
