"""verify's admin pages, one module per part: the desk's claim pages with
the workflow (`claims`), reviews and events (`reviews`), API clients
(`clients`)."""

from verify.admin import claims, clients, reviews  # noqa: F401  (each registers its pages)
