"""`samverka fees …`: member fees: the service fee (per mille of the members' tax and grant
revenue) and the admission service fee per young person, with invoices.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Member fees: the service fee and the admission service fee, with invoices.",
    no_args_is_help=True,
)
