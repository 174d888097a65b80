"""What a person of the desk chooses for themselves."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from config.exceptions import ApplicationError
from config.language import offered
from verify.models import UserPreference


def user_language_set(*, user: AbstractBaseUser, language: str) -> UserPreference:
    """Remember the language this person reads the site in."""
    if not offered(language):
        raise ApplicationError(_("No such language."), field="language")
    preference, _created = UserPreference.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preference


def user_language(user: AbstractBaseUser) -> str | None:
    """The language this person chose, if any."""
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
