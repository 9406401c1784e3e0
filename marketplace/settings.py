"""Settings for the whole exchange, read from the environment (django-environ).

Every variable is listed with its default in `.env.example`. With no environment at all the
exchange runs on the embedded default: SQLite under var/, database search, Celery eager,
local-memory cache, media on disk, console email. Production sets DJANGO_DEBUG=false and must
then provide a real SECRET_KEY, or start-up fails with a clear message.
"""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.redis_urls import redis_database_for_worker

# Settings Django and core/api/schema.py read by name; defined apart to keep this module short.
from marketplace.openapi_settings import (  # noqa: F401
    API_PATH_PREFIX,
    API_TAG_BY_APP,
    API_TAG_BY_PREFIX,
    API_TAG_OTHER,
    SPECTACULAR_SETTINGS,
)

# Self-contained blocks, each in a module of its own (D241): every upper-case name they define
# is a setting of this module. `env`, BASE_DIR and DEBUG come first; the rest build on them.
from marketplace.settings_parts.environment import BASE_DIR, DEBUG, VAR_DIR, env
from marketplace.settings_parts.jobs import *  # noqa: F403
from marketplace.settings_parts.media import *  # noqa: F403
from marketplace.settings_parts.observability import *  # noqa: F403

_INSECURE_KEY = "dev-only-insecure-key-never-use-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
if not DEBUG and SECRET_KEY == _INSECURE_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DJANGO_DEBUG is false."
    )
# Django's own deploy check (security.W009) only warns, and only under `check --deploy`: in
# production a short key is refused at start-up, by every entry point (D108). Generate one with
# python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 characters (and not one character repeated) when "
        "DJANGO_DEBUG is false."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    # Refresh tokens rotated and blacklisted; logout and password changes revoke them (D181).
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "marketplace",
    "catalog",
    "fairs",
    "search",
    "media",
    "orders",
    "leads",
    "traceability",
    "partners",
    "web",
    "demo",
]

MIDDLEWARE = [
    # First: the request id, the access line and the request metrics see every answer (D176).
    "core.observability.requests.RequestObservabilityMiddleware",
    # Next, so answers made by the middleware below (cached, 304, throttled) carry CORS too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which reads may go to a replica, and the pin to the primary after a write (core/db.py).
    "core.db.ReplicaPinMiddleware",
    # Above the session and CSRF middleware, so it sees the cookies they set (core/api/caching).
    "core.api.caching.HttpCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that the API follows Accept-Language (core/i18n.py).
    "core.i18n.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, so the Host it remembers was checked against ALLOWED_HOSTS.
    "core.site.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
AUTH_USER_MODEL = "marketplace.User"
# The public site's sign-in page (web/sign_in.py); pages for signed-in people send others there.
LOGIN_URL = "web:sign-in"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "web.context.page_urls",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- data stores -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'giaothuong.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while the demo loader or a task writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Streaming replicas of the primary (comma-separated URLs): public reads may go there (D187).
DATABASE_REPLICAS: list[str] = []
for _i, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _replica = {**env.db_url_config(_url), "ATOMIC_REQUESTS": False, "CONN_HEALTH_CHECKS": True}
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"] or "postgres" not in _url[:10]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS must name PostgreSQL replicas.")
    _replica["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES[f"replica_{_i}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_i}")
# A replica further behind than this is skipped; its state is checked at most this often; a
# writer's browser reads the primary for this long after a write (core/db.py, D188).
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=5.0)
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=2.0)
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=15)
DATABASE_ROUTERS = ["core.db.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://giaothuong")}
# The test suite's parallel workers share one Redis: each takes databases of its own for the
# cache and the broker (D238, the broker's in settings_parts/jobs.py); nothing changes outside a
# pytest-xdist worker.
CACHES["default"]["LOCATION"] = redis_database_for_worker(CACHES["default"].get("LOCATION", ""), 0)

# --- language, time, money -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# marketplace/locale first (the exchange's own messages); core/locale holds Vietnamese for the
# libraries' messages (DRF, simplejwt, django-filter) and wins over their own catalogues (D117).
LOCALE_PATHS = [BASE_DIR / "marketplace" / "locale", BASE_DIR / "core" / "locale"]
USE_I18N = True
# Paths answered in the language of Accept-Language; the site's pages (web/) are Vietnamese
# at /… and English at /en/… (core/i18n.py).
API_LANGUAGE_PATHS = ("/api/", "/healthz", "/readyz", "/admin/", "/media/", "/01/", "/t/")
# Of those, the trace resolver's: JSON by the header, the page for people by its URL (D222).
API_LANGUAGE_PAGE_PATHS = ("/01/", "/t/")
# The exchange's name in the site's pages, titles and link previews.
SITE_NAME = env.str("SITE_NAME", default="Sàn giao thương")

TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
CELERY_TIMEZONE = TIME_ZONE

# --- static and media: marketplace/settings_parts/media.py -------------------------------------

# --- email ---------------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="San giao dich <no-reply@giaothuong.local>"
)

# --- REST API ------------------------------------------------------------------------------
# Proxies in front of the web processes (a CDN, a load balancer) that append to X-Forwarded-For.
# 0 (the default) trusts no forwarded header: the connection's address is the client's. With n,
# the address n hops from the right of X-Forwarded-For is (core/api/addresses.py, D106).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("NUM_PROXIES must be 0 or more.")
# Failed sign-ins per account (its normalised e-mail), whatever address they come from: after
# LOGIN_FAILURES_MAX in LOGIN_FAILURES_WINDOW_SECONDS, sign-in answers 429 until the window ends.
LOGIN_FAILURES_MAX = env.int("LOGIN_FAILURES_MAX", default=10)
LOGIN_FAILURES_WINDOW_SECONDS = env.int("LOGIN_FAILURES_WINDOW_SECONDS", default=15 * 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "partners.api.authentication.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # orjson, writing the bytes DRF's JSONRenderer would (D87); the browsable API as before.
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's parsers; the JSON one refuses documents nested deeper than API_JSON_MAX_DEPTH (D105).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # django-filter's, refusing the query parameters a list does not read (D91).
    "DEFAULT_FILTER_BACKENDS": ["core.api.params.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonRateThrottle",
        "core.api.throttling.UserRateThrottle",
        "partners.api.throttling.PartnerRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="600/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "login": env.str("THROTTLE_LOGIN", default="20/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "NUM_PROXIES": NUM_PROXIES,
}
API_MAX_PAGE_SIZE = 100
# Arrays and objects in a JSON body may nest this deep; deeper is a 400 (core/api/parsers.py).
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
# HTTP caching of anonymous public reads (core/api/caching.py): seconds a browser or CDN may
# keep them. With STATS_CACHE_SECONDS, the sum is how long a takedown can still be seen (D88).
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=30)
# Seconds GET /api/v1/stats/ is served from the cache backend before it is counted again.
STATS_CACHE_SECONDS = env.int("STATS_CACHE_SECONDS", default=30)
if not 0 <= STATS_CACHE_SECONDS <= 60:
    raise ImproperlyConfigured("STATS_CACHE_SECONDS must be between 0 (no cache) and 60.")
# Seconds each process keeps the small reference tables (units of administration, categories,
# units) it names products by before reading them again (core/reference.py).
REFERENCE_CACHE_SECONDS = env.int("REFERENCE_CACHE_SECONDS", default=60)
if PUBLIC_CACHE_MAX_AGE < 0:
    raise ImproperlyConfigured("PUBLIC_CACHE_MAX_AGE must be 0 or more seconds.")
# The exchange's own shared cache of public answers (core/api/response_cache.py, D89): seconds
# an anonymous answer is kept in the cache backend (0: off). Any committed write of a model not
# listed below starts a new generation, so edits and takedowns show at the next request.
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", default=PUBLIC_CACHE_MAX_AGE)
if not 0 <= API_RESPONSE_CACHE_SECONDS <= PUBLIC_CACHE_MAX_AGE:
    raise ImproperlyConfigured(
        "API_RESPONSE_CACHE_SECONDS must be between 0 and PUBLIC_CACHE_MAX_AGE."
    )
API_RESPONSE_CACHE_IGNORE = frozenset((  # marketplace.user: last_login at every sign-in
    "sessions.session", "admin.logentry", "marketplace.user", "core.auditlog",
    "partners.apikey", "partners.idempotencyrecord", "partners.webhookdelivery",
    "partners.webhookdispatchstate",
))  # fmt: skip
# Every list's cost is bounded (D86): `count` is counted up to API_COUNT_LIMIT rows (then
# "total_relation": "gte"), and pages reach API_MAX_OFFSET rows deep (beyond: 400).
API_COUNT_LIMIT = env.int("API_COUNT_LIMIT", default=1000)
API_MAX_OFFSET = env.int("API_MAX_OFFSET", default=10_000)
# Partner API keys (D60-D64): how long a rotated key keeps working next to its successor, and
# how long a stored Idempotency-Key response is replayed before the nightly clean-up drops it.
PARTNER_KEY_ROTATION_GRACE_HOURS = env.int("PARTNER_KEY_ROTATION_GRACE_HOURS", default=24)
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
# The partners app's models that core's API plumbing uses without importing partners (D85):
# the key that marks a partner request, the rows behind Idempotency-Key.
PARTNER_KEY_MODEL = "partners.ApiKey"
IDEMPOTENCY_RECORD_MODEL = "partners.IdempotencyRecord"

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=30)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
    "UPDATE_LAST_LOGIN": True,
    # Each refresh answers a new refresh token and blacklists the one used; tokens carry a hash
    # of the password hash, so a password change ends them at once (D181).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "CHECK_REVOKE_TOKEN": True,
}
# Partners' browser apps (django-cors-headers, D181): origins allowed to call the API, e.g.
# https://app.partner.example; empty (the default) sends no CORS headers. Only /api/ answers
# them; no cookies cross origins (the API takes a JWT or a key in a header).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (
    "accept", "authorization", "content-type", "user-agent", "x-requested-with",
    "accept-language", "idempotency-key", "if-none-match",
)  # fmt: skip
CORS_EXPOSE_HEADERS = ["etag", "retry-after", "location", "content-language"]
CORS_PREFLIGHT_MAX_AGE = env.int("CORS_PREFLIGHT_MAX_AGE", default=86_400)

# The OpenAPI document (/api/schema/, viewer at /api/docs/): marketplace/openapi_settings.py.
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "core.api.schema.AutoSchema"

# --- background jobs: marketplace/settings_parts/jobs.py --------------------------------------

# --- search -----------------------------------------------------------------------------------
# database: SQLite FTS5 or PostgreSQL full-text by the database in use; elasticsearch: ES 8/9.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
# Indices and aliases are named <prefix>-products, <prefix>-vendors: one cluster, many sites.
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="giaothuong")
# Seconds one Elasticsearch request may take before the cluster counts as unreachable.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
# What searches do while Elasticsearch is down: database (answer from the database backend,
# which the Elasticsearch backend keeps current) or none (503 in the one error shape).
ELASTICSEARCH_FALLBACK = env.str("ELASTICSEARCH_FALLBACK", default="database")
if ELASTICSEARCH_FALLBACK not in {"database", "none"}:
    raise ImproperlyConfigured("ELASTICSEARCH_FALLBACK must be database or none.")
# Queued index updates handled per batch by search_index_dirty_task.
SEARCH_INDEX_BATCH_SIZE = env.int("SEARCH_INDEX_BATCH_SIZE", default=500)
# Database backends: hits counted exactly up to this many; beyond, the count is "at least" this
# and the facets are counted over this many hits (the page is still ranked over all of them).
SEARCH_TRACK_TOTAL_HITS = env.int("SEARCH_TRACK_TOTAL_HITS", default=2_000)

# --- webhooks to partners (D70-D74) -------------------------------------------------------------
# Seconds one delivery POST may take; hours a failing delivery is retried (exponential backoff)
# before it is given up; given-up deliveries in a row that disable the subscription.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_RETRY_HOURS = env.int("WEBHOOK_RETRY_HOURS", default=24)
WEBHOOK_DISABLE_AFTER = env.int("WEBHOOK_DISABLE_AFTER", default=5)
# Deliveries are signed per Standard Webhooks (webhook-id/-timestamp/-signature, D180); while
# this is on they also carry the deprecated X-Giaothuong-Signature and X-Giaothuong-Delivery.
WEBHOOK_LEGACY_SIGNATURE = env.bool("WEBHOOK_LEGACY_SIGNATURE", default=True)
# Accept http://127.0.0.1 / localhost subscription URLs (development and tests only).
WEBHOOK_ALLOW_LOCAL_HTTP = env.bool("WEBHOOK_ALLOW_LOCAL_HTTP", default=DEBUG)

# --- the exchange's own rules (change without code) -----------------------------------------
# Editing a published product's public fields sends it back to review.
CATALOG_REVIEW_ON_PUBLISHED_EDIT = env.bool("CATALOG_REVIEW_ON_PUBLISHED_EDIT", default=True)
# Largest bulk listings file accepted, in rows (D75).
LISTINGS_IMPORT_MAX_ROWS = env.int("LISTINGS_IMPORT_MAX_ROWS", default=5_000)
# OCOP certificates are valid 36 months from issue (Decision 148/QD-TTg).
OCOP_CERTIFICATE_VALID_MONTHS = env.int("OCOP_CERTIFICATE_VALID_MONTHS", default=36)
# How long a signed link to a certificate scan works (catalog/scans.py, D96).
CATALOG_SCAN_LINK_SECONDS = env.int("CATALOG_SCAN_LINK_SECONDS", default=900)
VENDOR_INVITATION_VALID_DAYS = env.int("VENDOR_INVITATION_VALID_DAYS", default=7)
# Public base URL of links in responses, mail and webhooks. Unset: the base URL of the request
# being served (its scheme and Host), or http://127.0.0.1:8000 outside a request (core/site.py).
SITE_URL = env.str("SITE_URL", default="")
# Signs visitor ticket codes (fairs/tickets.py); separate so rotating SECRET_KEY keeps tickets.
FAIRS_TICKET_SIGNING_KEY = env.str("FAIRS_TICKET_SIGNING_KEY", default=SECRET_KEY)
# Gates admit visitors from this many minutes before a fair opens until it ends (D100).
FAIRS_CHECKIN_OPENS_BEFORE_MINUTES = env.int("FAIRS_CHECKIN_OPENS_BEFORE_MINUTES", default=120)

# --- security in production ----------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# HTTPS at the edge (docs/operations.md): HSTS for SECURE_HSTS_SECONDS (0, the default, sends
# none; start small, a browser remembers it), and http:// redirected to https:// by Django when
# no proxy in front does it. The health probes stay reachable over plain HTTP.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be 0 or more.")

# --- logs, metrics, error reports: marketplace/settings_parts/observability.py --------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- buying: checkout, orders, payments (issue 13, D120-D129) ------------------------------------
# Minutes an online (VNPay) payment may stay unpaid; then the order is cancelled and its stock
# returned by orders.tasks.payment_expire_due_task.
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=30)
# Days after delivery during which the buyer may return an order.
ORDER_RETURN_WINDOW_DAYS = env.int("ORDER_RETURN_WINDOW_DAYS", default=7)
# Reviews (D135): published at once (true), or held pending until a moderator restores them.
REVIEWS_PUBLISH_AT_ONCE = env.bool("REVIEWS_PUBLISH_AT_ONCE", default=True)
# Days after delivery during which the buyer may open a complaint about an order (D132).
ORDER_COMPLAINT_WINDOW_DAYS = env.int("ORDER_COMPLAINT_WINDOW_DAYS", default=30)
# Pictures a buyer may attach to one review, and to one complaint (D162).
ORDER_PICTURES_MAX = env.int("ORDER_PICTURES_MAX", default=5)
# Order lines a storefront may download in one export file (D163).
ORDER_EXPORT_MAX_ROWS = env.int("ORDER_EXPORT_MAX_ROWS", default=20000)
# VNPay (version 2.1.0), one merchant terminal per exchange. Empty terminal code: VNPay is off.
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", default="")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", default="")
VNPAY_URL = env.str("VNPAY_URL", default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
# The site's return page (D226); an app may point it at /api/v1/payments/vnpay/return/.
VNPAY_RETURN_URL = env.str("VNPAY_RETURN_URL", default=f"{SITE_URL}/thanh-toan/vnpay/")
if VNPAY_TMN_CODE and not VNPAY_HASH_SECRET:
    raise ImproperlyConfigured("VNPAY_TMN_CODE is set: set VNPAY_HASH_SECRET too.")

# --- trade leads (issue 14, D145–D148) ----------------------------------------------------------
# Days a lead stays up when its poster gives no expiry date.
LEADS_DEFAULT_DAYS = env.int("LEADS_DEFAULT_DAYS", default=30)

# --- traceability (issue 14, D153–D159, D165–D173) ----------------------------------------------
# A serial-numbered stamp scanned at least max(TRACE_COPY_MIN_SCANS, TRACE_COPY_RATIO × the median
# of the lot's scanned serials) times is shown as possibly copied (D173).
TRACE_COPY_MIN_SCANS = env.int("TRACE_COPY_MIN_SCANS", default=20)
TRACE_COPY_RATIO = env.float("TRACE_COPY_RATIO", default=10.0)
if TRACE_COPY_MIN_SCANS < 1 or TRACE_COPY_RATIO <= 1:
    raise ImproperlyConfigured("TRACE_COPY_MIN_SCANS must be at least 1, TRACE_COPY_RATIO above 1.")
