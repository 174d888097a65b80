"""What sources tells the apps above it; sent by sources.services."""

from django.dispatch import Signal

# A source's grade or place in an organisation changed. Argument: source_id.
source_changed = Signal()
