import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/api/v1/", "/api/schema/", "/api/docs/", "/api/v1/claims/"]
)
def test_entry_points_answer(client, path):
    assert client.get(path).status_code == 200


def test_the_admin_needs_a_login(client):
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
