"""gunicorn reads this file from the folder it starts in. The settings are checked here, once,
before any worker starts: a wrong one stops gunicorn with one line naming it (exit status 2),
where workers would otherwise fail to boot one after another, each with a traceback."""

from placement.startup import check_settings

check_settings()
