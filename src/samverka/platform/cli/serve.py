"""`samverka serve`: the web application and the API, served by uvicorn until stopped.

The database, environment and secret key come from the ``SAMVERKA_`` variables (see
``samverka.config``). It refuses to start without ``SAMVERKA_SECRET_KEY`` unless
``SAMVERKA_ENVIRONMENT=development`` is set and it listens on a loopback address (127.0.0.1,
::1, localhost) only; then it makes a random key for this start, shared by its workers (issue
11, point 7). ``X-Forwarded-For`` is believed only from the proxies of
``SAMVERKA_TRUSTED_PROXIES`` (the application applies it; uvicorn's own proxy handling is off).

``--workers N`` serves from N processes (about one per core), each building the application
from the same variables; each keeps its own database pool (``SAMVERKA_DATABASE_POOL_SIZE``) and
the sign-in throttle and the sessions in the database they share. ``--no-access-log`` leaves
the logging of requests to the proxy.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from samverka.config import MAKE_A_KEY, Settings, SettingsError, is_loopback
from samverka.platform.cli.context import runtime
from samverka.platform.cli.errors import EXIT_OTHER

if TYPE_CHECKING:
    from fastapi import FastAPI

FACTORY = "samverka.bootstrap:web_app_from_environment"  # what each worker process builds
# A new worker process imports the whole application before it answers its first health
# check; on a busy machine that takes longer than uvicorn's default 5 s, and the worker would
# be killed and started again, over and over.
WORKER_HEALTHCHECK_SECONDS = 60


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
) -> None:
    """Serve the web application and the API (Ctrl-C stops it)."""
    import uvicorn  # here, not for the command line's help (issue 15, point 13)

    try:
        settings = serving_settings(Settings.from_environment(), host)
    except SettingsError as error:
        typer.echo(f"fel: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
    if workers == 1:
        app: FastAPI | str = runtime().web_app(settings)
    else:
        runtime().prepare_database(settings)  # migrated once, before the workers start
        if settings.secret_key is not None:  # the workers build their settings from here
            os.environ["SAMVERKA_SECRET_KEY"] = settings.secret_key
        app = FACTORY
    typer.echo(f"Samverka: http://{host}:{port}/  (API documentation: /api/v1/docs)")
    uvicorn.run(
        app,
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        access_log=access_log,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )


def serving_settings(settings: Settings, host: str) -> Settings:
    """``settings`` fit to serve on ``host``: with a secret key, or — in development on a
    loopback address only — with a random one for this start; else ``SettingsError`` saying
    what to set."""
    if settings.secret_key is not None:
        return settings
    if not (settings.development and is_loopback(host)):
        raise SettingsError(
            "SAMVERKA_SECRET_KEY är inte satt. Sätt den till ett slumpat värde på minst 32 "
            f"tecken (gör ett med: {MAKE_A_KEY}); eller, för att prova Samverka på den här "
            "datorn enbart, sätt SAMVERKA_ENVIRONMENT=development och kör på 127.0.0.1."
        )
    return replace(settings, secret_key=secrets.token_urlsafe(48))
