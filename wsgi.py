"""The one entry point for gunicorn and `flask --app wsgi`: the app, once its settings work."""

from placement.startup import app_or_exit

app = app_or_exit()
