"""The web app and JSON API."""

from .app import create_app

__all__ = ["create_app"]
