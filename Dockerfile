# The exchange's application image: web (gunicorn), Celery worker and beat all run from it.
# Rebuilt exactly: every dependency comes from requirements/base.lock, pyproject.toml's
# dependencies and the [s3] extra pinned with their hashes (`make lock` regenerates it, D194).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/app app

WORKDIR /app

# The dependencies first, in a layer of their own: a change to the code alone reuses it.
COPY requirements/base.lock requirements/base.lock
RUN pip install --require-hashes --no-deps -r requirements/base.lock

COPY . .

# The project itself, without dependencies (the lock brought them; pip check proves it did).
# Static files are baked into the image with hashed names (STATIC_MANIFEST, D193) and served by
# WhiteNoise; collectstatic needs no secret (DJANGO_DEBUG defaults to true at build time). Named
# volumes mounted at var/media and var/private-media inherit its ownership on first use.
RUN pip install --no-deps . \
    && pip check \
    && STATIC_MANIFEST=true python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media /app/var/private-media \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
# docker-compose.yml's web command runs migrate first; the image's default is the server alone.
CMD ["gunicorn", "marketplace.wsgi"]
