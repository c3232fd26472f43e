"""The list of common passwords that the password policy refuses (package data).

``common-passwords-10k.txt`` beside this module holds SecLists' 10,000 most common passwords
(source and licence in ``common-passwords-10k.NOTICE``). ``common_passwords()`` reads it once
per process, in the form ``platform.access.domain.password_policy.comparable`` looks passwords up
in.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from samverka.platform.access.domain.password_policy import comparable

FILE = "common-passwords-10k.txt"


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("samverka.platform.reference").joinpath(FILE).read_text(encoding="utf-8")
    return frozenset(comparable(line) for line in text.splitlines() if line.strip())
