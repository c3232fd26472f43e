"""`samverka board …`: board work and agreements: meetings, agenda items, documents, decisions,
minutes, steering groups, representatives, agreements.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Board work and agreements: meetings, decisions, steering groups, agreements.",
    no_args_is_help=True,
)
