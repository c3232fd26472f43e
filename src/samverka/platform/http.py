"""What the pages and the API of every context share: the base of the models that validate a
use case's input, once for both.

A context's ``http.py`` declares one model per use case (``GrantIn``: a grant to create) on
``UseCaseModel`` and its auth aliases once (``GrantsRead``, ``GrantsWrite``); its page takes the
model as a form (``Annotated[GrantIn, Form()]``) and its API as a JSON body, so that both accept
and refuse the same input with the same limits. The service keeps the final word on permission
and on the rules.

A form sends an empty text for a field left empty, where a JSON body leaves the key out:
``UseCaseModel`` reads an empty text as a value not given, so that an optional field gets its
default and a required one is refused as missing ("Fyll i fältet.") on the page and the API
alike. Texts are stripped of surrounding white space, and an unknown field (the form's CSRF
token and ``_page``) is ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class UseCaseModel(BaseModel):
    """The input of one use case, from a page's form or an API body."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_not_given(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data
