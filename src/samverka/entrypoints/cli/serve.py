"""`samverka serve`: the web application and the API, served by uvicorn until stopped.

The database, environment and secret key come from the ``SAMVERKA_`` variables (see
``samverka.config``); outside development ``SAMVERKA_SECRET_KEY`` must be set. Behind a
reverse proxy on the same machine, uvicorn takes the client's address from its
``X-Forwarded-For`` header, so that sign-in throttling counts per real client.
"""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from samverka import bootstrap
from samverka.config import Settings, SettingsError
from samverka.entrypoints.cli.errors import EXIT_OTHER


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web application and the API (Ctrl-C stops it)."""
    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
    app = bootstrap.web_app(settings)
    typer.echo(f"Samverka: http://{host}:{port}/  (API documentation: /api/v1/docs)")
    uvicorn.run(app, host=host, port=port, proxy_headers=True, server_header=False)
