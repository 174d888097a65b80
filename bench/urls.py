from django.urls import path

from bench.views import bare_list
from config.urls import urlpatterns as claimtrace

urlpatterns = [path("bench/bare-list/", bare_list), *claimtrace]
