"""`samverka plan-document …`: the yearly operations plan and budget document, generated from the
data as HTML and PDF.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="The yearly operations plan and budget document, as HTML and PDF.",
    no_args_is_help=True,
)
