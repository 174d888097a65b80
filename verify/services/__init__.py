"""Every write of the verify app, one module per sub-domain: workflow.py (the
transition table and its services, reviews), suggestions.py (the confidence
engine's stored suggestions), webhooks.py, tokens.py, roles.py. Import from
the module that holds the service."""
