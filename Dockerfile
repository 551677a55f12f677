# The portal's one image: web (gunicorn), Celery worker and beat, and the
# migrate step all run it with different commands (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=clair_portal.settings \
    MEDIA_ROOT=/data/media

# libmagic: uploaded files are checked by their content, not their name.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app \
    && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# The same pinned set as development, so production runs what the tests ran.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Settings refuse to load without their servers and secrets; none is used by
# these two commands, so placeholders that reach nothing serve at build time.
RUN DATABASE_URL=postgresql://build@build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    SECRET_KEY=build-time-placeholder-never-used-at-run-time \
    EMAIL_HOST=build.invalid \
    DEBUG=0 \
    sh -c "python manage.py compile_catalogues && python manage.py collectstatic --noinput" \
    && mkdir -p /data/media \
    && chown -R app:app /data

USER app
EXPOSE 8000
CMD ["gunicorn", "clair_portal.wsgi", "--config", "gunicorn.conf.py"]
