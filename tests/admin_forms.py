"""Build the POST an admin change form would send, from the page's own context."""


def _put(data: dict, name: str, value) -> None:
    if value is None:
        data[name] = ""
    elif value is True:
        data[name] = "on"
    elif value is False:
        return  # an unticked checkbox sends nothing
    elif isinstance(value, (list, tuple)):
        data[name] = [str(v) for v in value]
    else:
        data[name] = value


def change_form_data(response, **overrides) -> dict:
    """The change form's current values, main form and inlines, plus overrides.

    Inline fields are addressed by their full prefixed name, e.g.
    `attributions-0-stance`.
    """
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, form.add_prefix(name), form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management.add_prefix(name), management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _put(data, inline_form.add_prefix(name), inline_form[name].value())
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
