from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province for every app: `manage.py demo_load` and `manage.py media_demo`."""

    name = "demo"
    label = "demo"
