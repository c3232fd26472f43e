"""A unit of work that a refused use case must never open: the service's own permission check
comes before it reads or writes anything, so a refusal needs no database (a fast test)."""

from __future__ import annotations

from typing import Any, NoReturn


class UntouchedUnitOfWork:
    """Fails the test if the use case opens it or asks it for anything."""

    def __enter__(self) -> NoReturn:
        raise AssertionError("the use case opened the unit of work before refusing")

    def __exit__(self, *_: object) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the use case used the unit of work ({name}) before refusing")


UNTOUCHED: Any = UntouchedUnitOfWork()
