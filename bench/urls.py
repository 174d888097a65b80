from django.urls import path

from bench.views import bare_list, bare_search
from config.urls import urlpatterns as claimtrace

urlpatterns = [
    path("bench/bare-list/", bare_list),
    path("bench/bare-search/", bare_search),
    *claimtrace,
]
