"""verify's admin pages, one module per part: the desk's claim pages with
the workflow (`claims`), reviews and events (`reviews`), API clients
(`clients`), the board of spreading claims and its threshold (`spreading`)."""

from verify.admin import claims, clients, reviews, spreading  # noqa: F401  (each registers its pages)
