from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Evidence
from sources.scales import Credibility, Reliability, coded_choices
from verify.models import Review


class ReviewForm(forms.ModelForm):
    """The reviewer's grading form on the claim's review page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = [
            "source_reliability",
            "credibility",
            "likelihood",
            "confidence",
            "rationale",
            "evidence",
        ]
        widgets = {
            "evidence": forms.CheckboxSelectMultiple,
            "rationale": forms.Textarea(attrs={"rows": 5, "cols": 80}),
        }

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.filter(claim=claim)
        self.fields["evidence"].required = False
        self.fields["version"].initial = claim.version
        self.fields["source_reliability"].label = _("Origin's reliability (A–G)")
        self.fields["credibility"].label = _("Credibility (1–6 or False)")
        self.fields["likelihood"].label = _("Likelihood (ICD 203)")
        # the codes the desk talks in, beside their words
        self.fields["source_reliability"].choices = [("", "---------"), *coded_choices(Reliability)]
        self.fields["credibility"].choices = [("", "---------"), *coded_choices(Credibility)]


class ReasonForm(forms.Form):
    version = forms.IntegerField()
    reason = forms.CharField(required=False, max_length=2000)
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.all(), required=False)
    duplicate_of = forms.ModelChoiceField(
        queryset=Claim.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("No claim %(value)s.")},
    )
    same_as = forms.ModelChoiceField(
        queryset=Claim.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("No claim %(value)s.")},
    )

    def refusal(self) -> str:
        """What to tell the person when the form does not hold: the claim
        number that does not exist, or that the page is stale."""
        for name in ("same_as", "duplicate_of"):
            if name in self.errors:
                return " ".join(self.errors[name])
        return str(_("The form was incomplete; reload and try again."))
