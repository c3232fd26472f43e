"""The REST API under ``/api/v1``: JSON in and out, errors as ``{"error": {"code": …}}``.

It shares the web application's session, CSRF protection and error mapping; API requests
carry the CSRF token in the ``X-CSRF-Token`` header (from ``GET /api/v1/session``).
"""
