"""Every write of the claims app, one module per sub-domain: claims.py
(claims, attributions, evidence, tags), imports.py (bulk import),
ingestion.py (articles in, candidates out), archive.py (evidence archives).
Import from the module that holds the service."""
