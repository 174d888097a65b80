import time, cProfile, pstats, io
import pytest
from tests.conftest import api_client_for
from tests import factories

@pytest.mark.django_db
def test_profile(api_client_user, settings):
    client = api_client_for(api_client_user)
    for _ in range(30):
        client.get("/api/v1/claims/?search=Qwxzvk")
    n=300
    t=time.perf_counter()
    for _ in range(n):
        r=client.get("/api/v1/claims/?search=Qwxzvk")
    print("\nper request ms", (time.perf_counter()-t)/n*1000, r.status_code)
    pr=cProfile.Profile(); pr.enable()
    for _ in range(200):
        client.get("/api/v1/claims/?search=Qwxzvk")
    pr.disable()
    s=io.StringIO(); pstats.Stats(pr,stream=s).sort_stats("cumulative").print_stats("throttl|paginat|middleware|structlog|csp|history|axes|render|finalize"); print(s.getvalue()[:9000])
