"""What the association's hub page (``association.hub``) is given: who may read it.

Each part of the association declares its own auth aliases once, in its ``http.py``
(``FeesRead``, ``GrantsWrite``, ``PlanRead``, ``BoardWrite``, …); the hub links them all and is
read by the association's staff and its board members.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.web.auth import require

AssociationRead = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER))]
