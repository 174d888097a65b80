"""What claims tells the apps above it; verify listens (dependencies point
down, notifications point up). Sent by claims.services inside the write's
transaction; receivers schedule their work on commit."""

from django.dispatch import Signal

# A claim's attributions or evidence changed. Arguments: claim_id, actor (who,
# or None for the system) and change (what, in words, for the claim's history).
claim_inputs_changed = Signal()

# Before evidence is edited or removed: a receiver refuses (raises a
# config.exceptions.Conflict) when the evidence must stay as it is, e.g. a
# submitted review rests on it (verify). Argument: evidence.
evidence_changing = Signal()
