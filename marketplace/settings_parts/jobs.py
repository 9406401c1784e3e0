"""Background jobs (Celery): the broker, eager mode, queues, the clock, and the retention jobs.
CELERY_TIMEZONE is set beside TIME_ZONE in settings.py."""

from core import celery_routes
from core.redis_urls import redis_database_for_worker
from marketplace.settings_parts.environment import env

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# The test suite's parallel workers share one Redis: each takes databases of its own for the
# cache and the broker (D238); nothing changes outside a pytest-xdist worker.
CELERY_BROKER_URL = redis_database_for_worker(CELERY_BROKER_URL, 1)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# With no broker the tasks run inline; the in-memory transport still needs a host name, or kombu
# warns "No hostname was supplied" on the first task.
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = False
# Separate queues (default, search, media, webhooks, email), routed in one table (D182).
CELERY_TASK_DEFAULT_QUEUE = celery_routes.DEFAULT
CELERY_TASK_ROUTES = celery_routes.task_routes()
# What runs by the clock, and how often: core/celery_routes.py, beside the routes.
CELERY_BEAT_SCHEDULE = celery_routes.beat_schedule()
# Rows per delete (one short transaction each) of the retention jobs.
RETENTION_BATCH_SIZE = env.int("RETENTION_BATCH_SIZE", default=1000)
# Days kept (0: forever). The feed keeps each public object's latest change whatever its age.
FEED_RETENTION_DAYS = env.int("FEED_RETENTION_DAYS", default=90)
WEBHOOK_DELIVERY_RETENTION_DAYS = env.int("WEBHOOK_DELIVERY_RETENTION_DAYS", default=30)
# The legal keeping period of the audit log; older rows go to a gzip JSON-lines file under
# archive/audit/ in the private media storage, then leave the table.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=3650)
