"""Static files and media: where they live, who serves them, the S3 option, upload limits."""

from django.core.exceptions import ImproperlyConfigured

from marketplace.settings_parts.environment import BASE_DIR, DEBUG, VAR_DIR, env

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Hashed static names (app.4f3c2a1b.css, cached for a year by WhiteNoise) need the manifest
# collectstatic writes: on by default with DEBUG off; the Dockerfile collects with it on (D193).
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Renditions on disk served by the app itself at MEDIA_URL/r/: development only by default. In
# production the object store or CDN (MEDIA_STORAGE=s3) or a web server in front (compose's
# `media` service) serves them, never a gunicorn worker (D193).
MEDIA_SERVE = env.bool("MEDIA_SERVE", default=DEBUG)
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
    # Uploaded originals: never under MEDIA_URL (media/storage.py); renditions use "default".
    "media_private": {"BACKEND": "media.storage.PrivateFileSystemStorage"},
}
MEDIA_PRIVATE_ROOT = env.path("MEDIA_PRIVATE_ROOT", default=VAR_DIR / "private-media")
# filesystem (the default) or s3: an S3-compatible object store through django-storages
# (`pip install 'giaothuong[s3]'`); public renditions under public/, originals under private/.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    _S3 = {
        "bucket_name": env.str("MEDIA_S3_BUCKET", default=""),
        "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("MEDIA_S3_REGION", default="") or None,
        "access_key": env.str("MEDIA_S3_ACCESS_KEY", default="") or None,
        "secret_key": env.str("MEDIA_S3_SECRET_KEY", default="") or None,
        "file_overwrite": False,
    }
    if not _S3["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3,
            "location": "public",
            "querystring_auth": False,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
        },
    }
    STORAGES["media_private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env.str("MEDIA_S3_PRIVATE_BUCKET", default="") or _S3["bucket_name"],
            "location": "private",
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3.")
# Upload limits and renditions (media/): bytes, pixels (decompression bombs), longest side.
MEDIA_MAX_BYTES = env.int("MEDIA_MAX_BYTES", default=10 * 1024 * 1024)
MEDIA_MAX_PIXELS = env.int("MEDIA_MAX_PIXELS", default=40_000_000)
MEDIA_MAX_DIMENSION = env.int("MEDIA_MAX_DIMENSION", default=12_000)
MEDIA_RENDITION_WIDTHS = env.list("MEDIA_RENDITION_WIDTHS", cast=int, default=[160, 480, 1200])
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
