"""gunicorn for the portal in production (``Dockerfile``, ``docker-compose.yml``).

Sizes come from the environment so that one image fits any host; ``make bench``
gives its own sizes on the command line, which win over this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Slow report downloads are streamed; a worker stuck longer than this is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycling workers bounds any slow leak without a restart of the service.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy in front sets X-Forwarded-Proto; trust it from the Compose network.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The control socket would live in the home directory, which the container does
# not have writable; nothing in the portal uses it.
control_socket_disable = True


def post_worker_init(worker):
    # The partner search converts kana; a web worker makes the converter (most of a
    # second) before its first request rather than during some visitor's search.
    from reference.kana import kakasi

    kakasi()
