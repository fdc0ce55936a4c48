"""The product's WSGI application with the dashboard bench's URL map (the product's URLs plus /bare/dashboard/),
for gunicorn in bench/dashboard_bench.py. Loaded once before the workers fork (--preload), with the URL map and
its views imported, so no worker's first request pays for the imports (several seconds on a loaded machine, which
showed as the one-client p95); the connections it opened are closed so no worker inherits one."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

application = get_wsgi_application()
settings.ROOT_URLCONF = "dashboard_bench"
get_resolver().url_patterns  # noqa: B018 — imports every app's URLs and views now
connections.close_all()
