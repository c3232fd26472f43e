"""`samverka grants …`: state grants (stimulansmedel): keyed out to the municipalities, and the
follow-up of their use.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="State grants (stimulansmedel): allocation to municipalities and follow-up.",
    no_args_is_help=True,
)
