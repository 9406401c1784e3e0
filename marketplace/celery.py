"""The Celery application. Eager (inline) unless CELERY_BROKER_URL names a broker.

Workers log through Django's LOGGING (structured lines, D175): a receiver of `setup_logging`
stops Celery from configuring logging of its own.
"""

import logging.config
import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("giaothuong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def logging_from_settings(**kwargs: Any) -> None:
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
