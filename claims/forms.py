"""Forms of the desk's pages that are not a model's own admin form."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from claims.models import TEXT_MAX_CHARS, Attribution, Candidate, Claim
from claims.selectors import claim_visible_to
from sources.models import Source


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete picker whose chosen option's label was read once for
    a whole page of forms (`labels`, by value), not once per picker."""

    def __init__(self, field, admin_site, labels: dict[str, str]):
        super().__init__(field, admin_site)
        self.labels = labels

    def optgroups(self, name, value, attr=None):
        chosen = [v for v in value if v not in ("", None)]
        if any(str(v) not in self.labels for v in chosen):
            return super().optgroups(name, value, attr)
        options = [self.create_option(name, "", "", False, 0)]
        for v in chosen:
            options.append(self.create_option(name, v, self.labels[str(v)], True, len(options)))
        return [(None, options, 0)]


class CandidateReviewForm(forms.Form):
    """One candidate on its job page: its text as the desk edits it, a
    source for any link of its chain (the ones ingestion could not resolve
    must be picked), and the claim it says the same as."""

    text = forms.CharField(
        label=_("Claim text"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    same_as = forms.ModelChoiceField(
        label=_("The same claim as"), queryset=Claim.objects.none(), required=False
    )

    def __init__(self, *args, candidate: Candidate, user, labels: dict | None = None, **kwargs):
        """`labels`: the names of the sources and claims the page's pickers
        show chosen, {"sources": {id: name}, "claims": {id: text}}."""
        kwargs.setdefault("prefix", f"c{candidate.pk}")
        kwargs.setdefault("initial", {"text": candidate.text, "same_as": candidate.duplicate_of_id})
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["text"].widget.attrs["lang"] = candidate.language
        labels = labels or {}
        self.fields["same_as"].queryset = claim_visible_to(user)
        self.fields["same_as"].widget = LabelledAutocompleteSelect(
            Candidate._meta.get_field("duplicate_of"), admin.site, labels.get("claims", {})
        )
        source_field = Attribution._meta.get_field("source")
        for index, link in enumerate(candidate.attributions):
            self.fields[self.source_field(index)] = forms.ModelChoiceField(
                label=_("Source"),
                queryset=Source.objects.all(),
                required=False,
                initial=link.get("source"),
                widget=LabelledAutocompleteSelect(
                    source_field, admin.site, labels.get("sources", {})
                ),
            )

    @staticmethod
    def source_field(index: int) -> str:
        return f"source_{index}"

    def picked_sources(self) -> dict[int, Source]:
        """The links whose source the desk picked or changed."""
        picks = {}
        for index, link in enumerate(self.candidate.attributions):
            source = self.cleaned_data.get(self.source_field(index))
            if source is not None and source.pk != link.get("source"):
                picks[index] = source
        return picks
