"""The web application: server-rendered pages in Swedish (English on request), sessions, CSRF.

``app.create_app`` assembles it, with the API of ``samverka.platform.api`` under
``/api/v1``; ``samverka.bootstrap.web_app`` wires it to the real database.
"""
