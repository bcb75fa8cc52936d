"""The one entry point for gunicorn and `flask --app wsgi`."""
from placement import create_app

app = create_app()
