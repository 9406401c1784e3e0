"""Logs, metrics, error reports (issue 17, D175-D179; docs/operations.md).

JSON lines in production, aligned text on the embedded default; one access line per request
with its request id (core/observability/)."""

from ipaddress import ip_network

from django.core.exceptions import ImproperlyConfigured

from core.observability.logs import LOG_FORMATS, logging_config
from core.observability.sentry import sentry_init
from marketplace.settings_parts.environment import DEBUG, env
from marketplace.settings_parts.jobs import CELERY_TASK_ALWAYS_EAGER

# JSON lines in production, aligned text on the embedded default; one access line per request
# with its request id (core/observability/).
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured("LOG_FORMAT must be json or console.")
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"),
    log_format=LOG_FORMAT,
    eager_tasks=CELERY_TASK_ALWAYS_EAGER,
)
# The Elasticsearch client logs every request at INFO.
LOGGING["loggers"]["elastic_transport"] = {
    "level": env.str("ELASTICSEARCH_LOG_LEVEL", default="WARNING")
}
# Celery workers log through LOGGING too (marketplace/celery.py), not a root logger of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# GET /metrics (Prometheus): off unless a bearer token or networks (CIDR, comma-separated) are
# set; each one set must pass.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
try:
    [ip_network(item, strict=False) for item in METRICS_ALLOWED_NETWORKS]
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {exc}") from None
# Sentry: on only when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
sentry_init(
    dsn=SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
