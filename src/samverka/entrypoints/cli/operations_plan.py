"""`samverka plan …`: the operations plan and budget: focus areas, goals, assignments, activities,
follow-up; budget lines and staff allocation.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="The operations plan and budget: goals, assignments, follow-up, budget lines.",
    no_args_is_help=True,
)
