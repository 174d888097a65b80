"""verify's writes that belong to no part of their own: the engine's stored
suggestions (`suggestions.py`), the roles as groups (`roles.py`) and each
person's chosen language (`preferences.py`). The workflow's services are in
verify/workflow/services.py, the public record's in
verify/publishing/services.py, tokens and webhooks in verify/clients/."""
