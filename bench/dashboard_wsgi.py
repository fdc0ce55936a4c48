"""The product's WSGI application with the dashboard bench's URL map (the product's URLs plus /bare/dashboard/),
for gunicorn in bench/dashboard_bench.py."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "dashboard_bench"
