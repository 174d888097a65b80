from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.models import Attribution, Claim
from claims.selectors.origins import attribution_chains
from sources.models import Source
from verify.demo import CLAIMS, demo_load

pytestmark = pytest.mark.django_db


def _claim(fragment: str) -> Claim:
    return Claim.objects.get(text_en__icontains=fragment)


def _origin_names(claim: Claim) -> set[str]:
    return {chain[-1].source.name for chain in attribution_chains(claim=claim).values()}


def test_the_demo_loads_every_claim_of_the_article_in_every_state():
    demo_load()

    assert Claim.objects.count() == len(CLAIMS) == 12
    assert Counter(Claim.objects.values_list("status", flat=True)) == {
        "new": 2,
        "in_review": 2,
        "awaiting_sign_off": 2,
        "reopened": 1,
        "published": 4,
        "retracted": 1,
    }
    for fragment in [
        "diplomats began abruptly leaving Damascus",
        "armed clashes broke out in Damascus",
        "Palestinian flag",
        "Karnaz",
        "moved to the Hmeimim air base",
        "fled the military base in Khan Shaykhun",
        "air strikes on Khan Shaykhun",
        "replaced by General Alexander Chaiko",
        "Baikulov",
        "9 BMPs, 1 T-72 and 2 T-55",
        "T-90A",
    ]:
        assert _claim(fragment).attributions.exists(), fragment


def test_the_demo_keeps_the_real_chains():
    demo_load()

    kisel = _claim("Chaiko")
    assert _origin_names(kisel) == {"Arabic-language channels (unnamed)"}
    assert set(kisel.attributions.values_list("stance", flat=True)) == {"reports_rumour"}
    relays = {a.source.name: a.via.source.name for a in kisel.attributions.exclude(via=None)}
    assert relays == {
        "Rybar": "Arabic-language channels (unnamed)",
        "Military Informant": "Arabic-language channels (unnamed)",
        "Bulgarian news site (demo article)": "Rybar",
    }

    zhuravlyov = _claim("beyond the Assad regime")
    site = zhuravlyov.attributions.get(source__name="Bulgarian news site (demo article)")
    chain = attribution_chains(claim=zhuravlyov)[site.pk]
    assert [a.source.name for a in chain] == [
        "Bulgarian news site (demo article)",
        "Ukrainian military intelligence (HUR)",
        "Alexander Zhuravlyov",
    ]

    assert _origin_names(_claim("Karnaz")) == {"Clash Report"}
    assert _origin_names(_claim("leaving Damascus")) == {"Ukrainian military intelligence (HUR)"}
    assert _origin_names(_claim("Khan Shaykhun, leaving")) == {"HUR on Telegram"}


def test_the_register_knows_the_sources_by_their_names_in_any_script():
    demo_load()
    from sources.selectors import source_by_alias

    assert source_by_alias(name="Рибар").get().handle == "@rybar"
    assert source_by_alias(name="Военен осведомител").get().name == "Military Informant"
    assert source_by_alias(name="@ClashReport").get().platform == "x"
    hur_channel = Source.objects.get(name="HUR on Telegram")
    assert hur_channel.parent.name == "Ukrainian military intelligence (HUR)"
    assert Source.objects.get(name="Alexander Zhuravlyov").parent.name == (
        "Russian Ministry of Defence"
    )
    assert Source.objects.get(name="Clash Report").ratings.get().grade == "C"


def test_published_demo_claims_were_signed_off_by_someone_other_than_the_reviewer():
    demo_load()
    for claim in Claim.objects.filter(status__in=["published", "retracted"]):
        publish = claim.events.get(action="publish")
        assert publish.review.reviewer != publish.actor


def test_loading_twice_changes_nothing():
    demo_load()
    counts = (Claim.objects.count(), Attribution.objects.count(), Source.objects.count())
    versions = dict(Claim.objects.values_list("id", "version"))

    result = demo_load()

    assert result["claims"] == 0
    assert (Claim.objects.count(), Attribution.objects.count(), Source.objects.count()) == counts
    assert dict(Claim.objects.values_list("id", "version")) == versions


def test_demo_logins_are_printed_and_work(settings, capsys):
    settings.CLAIMTRACE_DEMO_USERS_ALLOWED = True
    call_command("load_demo", "--with-demo-users")
    out = capsys.readouterr().out
    assert "password claimtrace-demo" in out
    assert "editor" in out
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("claimtrace-demo")
    assert get_user_model().objects.get(username="admin").is_superuser


def test_without_demo_logins_nobody_can_log_in_and_no_superuser_is_made():
    call_command("load_demo")
    users = get_user_model().objects.all()
    assert users.exists()
    assert not any(u.has_usable_password() for u in users)
    assert not users.filter(is_superuser=True).exists()


def test_demo_logins_are_refused_where_settings_forbid_them(settings):
    settings.CLAIMTRACE_DEMO_USERS_ALLOWED = False
    with pytest.raises(CommandError, match="not allowed"):
        call_command("load_demo", "--with-demo-users")
    assert not Claim.objects.exists()
