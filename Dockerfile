# The exchange's application image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/app app

WORKDIR /app
COPY . .

# Static files are baked into the image and served by WhiteNoise; collectstatic needs no secret
# (DJANGO_DEBUG defaults to true when nothing is set, as at build time). Named volumes mounted
# at var/media and var/private-media inherit its ownership on first use.
RUN pip install . \
    && python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media /app/var/private-media \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
# docker-compose.yml's web command runs migrate first; the image's default is the server alone.
CMD ["gunicorn", "marketplace.wsgi"]
