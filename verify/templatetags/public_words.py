"""The verdict's words in the reader's language, from the codes a signed
record keeps (its stored labels are in the language it was signed in)."""

from django import template

from sources.scales import AnalyticConfidence, Likelihood, verdict_label

register = template.Library()


@register.filter
def verdict_words(credibility: str) -> str:
    return str(verdict_label(credibility)) if credibility else ""


@register.filter
def likelihood_words(likelihood: str | None) -> str:
    return str(Likelihood(likelihood).label) if likelihood else ""


@register.filter
def confidence_words(confidence: str | None) -> str:
    return str(AnalyticConfidence(confidence).label) if confidence else ""
