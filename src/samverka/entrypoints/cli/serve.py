"""`samverka serve`: the web application and the API, served by uvicorn until stopped.

The database, environment and secret key come from the ``SAMVERKA_`` variables (see
``samverka.config``); outside development ``SAMVERKA_SECRET_KEY`` must be set. Behind a
reverse proxy on the same machine, uvicorn takes the client's address from its
``X-Forwarded-For`` header, so that sign-in throttling counts per real client.

``--workers N`` serves from N processes (about one per core), each building the application
from the same variables; each keeps its own database pool (``SAMVERKA_DATABASE_POOL_SIZE``) and
its own sign-in throttle. ``--no-access-log`` leaves the logging of requests to the proxy.
"""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI

from samverka import bootstrap
from samverka.config import Settings, SettingsError
from samverka.entrypoints.cli.errors import EXIT_OTHER

FACTORY = "samverka.bootstrap:web_app_from_environment"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
) -> None:
    """Serve the web application and the API (Ctrl-C stops it)."""
    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
    if workers == 1:
        app: FastAPI | str = bootstrap.web_app(settings)
    else:
        bootstrap.database(settings)  # migrated once, before the workers start
        app = FACTORY
    typer.echo(f"Samverka: http://{host}:{port}/  (API documentation: /api/v1/docs)")
    uvicorn.run(
        app,
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        proxy_headers=True,
        server_header=False,
        access_log=access_log,
    )
