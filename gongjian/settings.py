"""Django settings for gongjian, configured from the environment.

Production is the default: DEBUG is off, cookies are secure and SECRET_KEY must be given. `make demo` and
`make test` set DEBUG=1 (or GONGJIAN_DEMO=1) explicitly.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no switch from the environment (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# With DEBUG off and no SECRET_KEY, Django refuses anything that signs (sessions, CSRF, tokens) with
# ImproperlyConfigured, so the server cannot run unsafely; offline commands (migrate checks) still work.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("insecure-development-key-do-not-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "core.admin_site.GongjianAdminConfig",  # django.contrib.admin, entered as the permission policy says
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "projects",
    "scheduling",
    "stewardship",
    "race",
    "indicators",
    "documents",
    "dashboard",  # last: it reads every app below it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    "core.middleware.AuditMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongjian.urls"
WSGI_APPLICATION = "gongjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "stewardship.context_processors.bell",
                "core.context_processors.demo_today",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'gongjian.sqlite3'}"),
        # A worker keeps its connection between requests (a new PostgreSQL connection per request cost more than a
        # cached dashboard answer); the health check replaces one the server closed.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a clerk saves; the busy timeout waits out short write locks at the deadline rush.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # An index's INCLUDE columns (report_period_figures) are PostgreSQL's alone; SQLite builds the index on its key
    # columns, as intended, and `migrate` need not warn about it.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: at province scale the overview's and the warnings' aggregates pass its cost threshold, and compiling
    # them took longer (0.7-1.4 s) than running them; a web request's queries never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Secure by default; the demo and tests run over plain http on 127.0.0.1 and switch these off through DEBUG.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
# How many reverse proxies in front of us append to X-Forwarded-For; the client is the address the outermost one
# saw. 0 (the default without BEHIND_TLS_PROXY) trusts only REMOTE_ADDR, so no client can forge its address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_TLS_PROXY") else "0"))
# HSTS only once the site is served over https for good: browsers remember it for SECURE_HSTS_SECONDS.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content Security Policy: scripts, styles, fonts and images only from our own static files (Bootstrap, htmx and
# ECharts are served by whitenoise). Style *attributes* stay allowed (templates set widths and the progress bar
# with style="…", and Bootstrap/ECharts set element styles); <style> elements and every inline script do not.
# Swagger UI at /api/docs/ relaxes styles and images for itself only (gongjian/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of ours uses are switched off for them and for anything they might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures one user name, and separately one address, is
# locked for AXES_COOLOFF_MINUTES, on the site's login and the admin's alike. Unlock: `gongjian axes_reset …`
# or the 登录锁定 page (docs/operations.md).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "core.views.audit.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends AXES_COOLOFF_MINUTES after it began
AXES_CLIENT_IP_CALLABLE = "core.audit.client_ip"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
CSRF_FAILURE_VIEW = "core.views.audit.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RestrictedObjectPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.GongjianAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongjian 攻坚 API",
    "DESCRIPTION": "Project libraries, organisations and (later) scheduling, stewardship and the horse race.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets used by several fields (a problem's status before and after a step) get one name each.
    "ENUM_NAME_OVERRIDES": {
        "ProblemStatusEnum": "stewardship.choices.ProblemStatus",
        "EscalationLevelEnum": "stewardship.choices.EscalationLevel",
        "ProblemLightEnum": "stewardship.choices.Light",
        "WarningLightEnum": "scheduling.choices.Light",
        "PeriodKindEnum": "race.choices.PeriodKind",
        "ReportStatusEnum": "scheduling.choices.ReportStatus",
        "SchemeStatusEnum": "race.choices.SchemeStatus",
        "DocumentKindEnum": "documents.choices.DocumentKind",
        "DocumentStatusEnum": "documents.choices.DocumentStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# Uploads and spreadsheet imports (core/uploads.py, core/importing/reader.py): no file may crash or exhaust a worker.
GONGJIAN_MAX_UPLOAD_MB = float(os.environ.get("GONGJIAN_MAX_UPLOAD_MB", "20"))
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",  # small uploads (up to 2.5 MB) stay in memory
    "core.uploads.LimitedUploadHandler",  # larger ones go to a temporary file, written only up to the limit
]
GONGJIAN_IMPORT_MAX_ROWS = int(os.environ.get("GONGJIAN_IMPORT_MAX_ROWS", "200000"))
GONGJIAN_IMPORT_MAX_ERRORS = int(os.environ.get("GONGJIAN_IMPORT_MAX_ERRORS", "1000"))

# Background tasks (Django's task framework through the django-tasks backport; docs/operations.md#background-tasks):
# queued in the database and run by `gongjian db_worker`, which `make demo` starts and production runs as a
# service. GONGJIAN_TASKS_BACKEND=immediate runs each task inside the request instead (no worker; tests do so).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[os.environ.get("GONGJIAN_TASKS_BACKEND", "database")]}}

# The figures' cache (core.cache): per-process memory by default, which needs nothing installed; a cached figure
# is keyed by the data version, so it is never stale, only computed once per worker. REDIS_URL (for instance
# redis://127.0.0.1:6379/1, with the `redis` package installed) shares one cache between all workers and servers
# (docs/operations.md#cache).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    # Sessions read from the shared cache (written through to the database): no query per request. Only with a
    # shared cache: with per-worker memory, a logout in one worker would leave the session alive in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongjian-figures",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("GONGJIAN_CACHE_ENTRIES", "2000"))},
        }
    }

GONGJIAN_DATA_DIR = Path(os.environ.get("GONGJIAN_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The date pages default to (core.clock.today): empty for the real date; `make demo` sets the demo's own date
# (2024-06-30) so the demo opens as of the day its data end. Written YYYY-MM-DD.
GONGJIAN_TODAY = os.environ.get("GONGJIAN_TODAY", "")

# E-mail (overdue problems' notifications): printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongjian@localhost")
