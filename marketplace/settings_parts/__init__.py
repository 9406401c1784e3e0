"""Self-contained blocks of marketplace/settings.py, each a module of its own (D241).

settings.py imports every upper-case name of each module, so Django (and diffsettings) sees one
flat settings module as before. A module here reads the environment through `environment.env`
and may import an earlier module's names; it never imports Django's settings or an app's models.
tests/test_compose.py scans every module here for the variables it reads.
"""
