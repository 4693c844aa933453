"""One settings module, driven by environment variables (see docs/ARCHITECTURE.md)."""

import ipaddress
import os
import urllib.parse
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Every variable read here is listed in the README's configuration table
# (tests/test_settings.py checks both ways). A wrong value stops the program with
# ImproperlyConfigured naming the variable and what it allows.
YES_NO = ("true", "false", "1", "0", "yes", "no")


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in YES_NO:
        raise ImproperlyConfigured(f"{name} must be one of {'/'.join(YES_NO)}, not {value!r}")
    return value in ("true", "1", "yes")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value when DEBUG is false")
ALLOWED_HOSTS = [h for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "buurtkompas.core",
    "buurtkompas.regions",
    "buurtkompas.pipeline",
    "buurtkompas.atlas",
    "buurtkompas.accounts",
    "buurtkompas.audit",
    "buurtkompas.workspaces",
    "buurtkompas.residents",
    "buurtkompas.visits",
    "buurtkompas.buurtwerk",
    "buurtkompas.network",
    "buurtkompas.knowledge",
    "buurtkompas.mentoring",
]

MIDDLEWARE = [
    "buurtkompas.core.public_cache.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "buurtkompas.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "buurtkompas.core.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "buurtkompas.urls"
WSGI_APPLICATION = "buurtkompas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "buurtkompas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def database_config() -> dict:
    """DATABASE_URL wins; else DB=postgres with the libpq PG* variables; else SQLite (WAL)."""
    url = os.getenv("DATABASE_URL")
    if url:
        import dj_database_url

        try:
            return dj_database_url.parse(url, conn_max_age=60)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"DATABASE_URL must be a database URL such as postgres://user:pw@host/db: {exc}"
            ) from None
    kind = os.getenv("DB", "sqlite")
    if kind == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.getenv("PGDATABASE", "buurtkompas"),
            "USER": os.getenv("PGUSER", "buurtkompas"),
            "PASSWORD": os.getenv("PGPASSWORD", ""),
            "HOST": os.getenv("PGHOST", "127.0.0.1"),
            "PORT": os.getenv("PGPORT", "5432"),
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": os.getenv("PGTESTDATABASE", "test_buurtkompas")},
        }
    if kind != "sqlite":
        raise ImproperlyConfigured(f"DB must be sqlite or postgres, not {kind!r}")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.getenv("SQLITE_PATH", str(BASE_DIR / "var" / "buurtkompas.sqlite3")),
        # keep each thread's connection (opening one runs the PRAGMAs below every time)
        "CONN_MAX_AGE": envint("SQLITE_CONN_MAX_AGE_S", "600"),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_BUSY_TIMEOUT_S", "20"),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": database_config()}


def cache_config() -> dict:
    """Shared by every process: a file cache by default (no extra service), Redis when
    REDIS_URL is set (several app servers: docs/deployment.md)."""
    redis_url = os.getenv("REDIS_URL", "")
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "buurtkompas",
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.getenv("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "20000")},
    }


CACHES = {"default": cache_config()}
# Anonymous public pages (core.public_cache): how long browsers and shared caches may use an
# answer without asking (seconds), and how long longer they may show it while they ask again.
PUBLIC_CACHE_MAX_AGE = envint("PUBLIC_CACHE_MAX_AGE", "60")
PUBLIC_CACHE_STALE_SECONDS = envint("PUBLIC_CACHE_STALE_SECONDS", "600")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts: log in by e-mail, argon2 hashes, sessions that expire.
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspaces:landing"  # one team: that team; else the list
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE_S", str(8 * 3600))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Throttling of guessing (accounts/throttle.py): after this many failures of one account from
# one client address, each further try waits 1, 2, 4 ... minutes, at most LOGIN_DELAY_MAX_S.
# A device that logged in to the account before (a signed cookie) has its own, higher limit.
LOGIN_FAILURES_ALLOWED = envint("LOGIN_FAILURES_ALLOWED", "5")
LOGIN_DEVICE_FAILURES_ALLOWED = envint("LOGIN_DEVICE_FAILURES_ALLOWED", "10")
LOGIN_DELAY_MAX_S = envint("LOGIN_DELAY_MAX_S", "900")
LOGIN_FAILURE_WINDOW_S = envint("LOGIN_FAILURE_WINDOW_S", "86400")  # how long a failure counts
# Failures on existing accounts from one client address (a spray over many accounts) before that
# address waits too, except devices that logged in before. Unknown addresses never count here.
LOGIN_FAILURES_PER_IP = envint("LOGIN_FAILURES_PER_IP", "50")
LOGIN_DEVICE_DAYS = envint("LOGIN_DEVICE_DAYS", "180")
# Password-reset e-mails per hour: per e-mail address and per client address.
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = envint("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", "3")
PASSWORD_RESET_PER_IP_PER_HOUR = envint("PASSWORD_RESET_PER_IP_PER_HOUR", "10")
# Behind a reverse proxy (core/client.py, docs/deployment.md): the proxies whose
# X-Forwarded-For is believed, as addresses or networks, or how many stand in front of us.
TRUSTED_PROXIES = [p.strip() for p in os.getenv("TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be comma-separated addresses or networks, not {_proxy!r}"
        ) from None
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
# Residents' contacts without activity for this long are anonymised by `buurtkompas retention`.
RETENTION_MONTHS = envint("RETENTION_MONTHS", "24")

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Buurtkompas <noreply@buurtkompas.local>")
# The folder EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes e-mails to.
EMAIL_FILE_PATH = os.getenv("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# The address of the site as people reach it: links in e-mails (no request at hand there).
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Network events: hours a guest has to follow the confirmation link; days before an event the
# reminder goes out; days after an event the answers to the optional questions are deleted.
NETWORK_GUEST_CONFIRM_HOURS = envint("NETWORK_GUEST_CONFIRM_HOURS", "48")
NETWORK_REMINDER_DAYS = envint("NETWORK_REMINDER_DAYS", "3")
NETWORK_ANSWERS_KEEP_DAYS = envint("NETWORK_ANSWERS_KEEP_DAYS", "30")
# Guest registrations accepted from one address per 10 minutes (spam on the public form).
NETWORK_GUEST_RATE_PER_10_MIN = envint("NETWORK_GUEST_RATE_PER_10_MIN", "5")
NETWORK_INVITATION_DAYS = envint("NETWORK_INVITATION_DAYS", "14")
# Knowledge base: the largest attachment accepted (MB).
KNOWLEDGE_ATTACHMENT_MAX_MB = envint("KNOWLEDGE_ATTACHMENT_MAX_MB", "10")
KNOWLEDGE_ATTACHMENT_MAX_BYTES = KNOWLEDGE_ATTACHMENT_MAX_MB * 1024 * 1024

# Content-Security-Policy: no inline scripts or styles anywhere. MapLibre runs its worker
# from a blob: URL and draws into canvases (blob:/data: images).
# An optional background map under the atlas: an XYZ tile URL such as PDOK's BRT
# achtergrondkaart (https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/
# {z}/{x}/{y}.png). Empty: the atlas draws gemeente borders and names itself, offline. The CSP
# admits the tile server's origin only when it is set.
ATLAS_BASEMAP_URL = os.getenv("ATLAS_BASEMAP_URL", "")
ATLAS_BASEMAP_ATTRIBUTION = os.getenv("ATLAS_BASEMAP_ATTRIBUTION", "Kaart: PDOK / Kadaster")
BASEMAP_ORIGIN = (
    "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(ATLAS_BASEMAP_URL))
    if ATLAS_BASEMAP_URL
    else ""
)
if ATLAS_BASEMAP_URL and not ATLAS_BASEMAP_URL.startswith("https://"):
    raise ImproperlyConfigured("ATLAS_BASEMAP_URL must be an https:// tile URL with {z}/{x}/{y}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *([BASEMAP_ORIGIN] if BASEMAP_ORIGIN else [])],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "connect-src": ["'self'", *([BASEMAP_ORIGIN] if BASEMAP_ORIGIN else [])],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "buurtkompas" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# WhiteNoise serves static files in production from STATIC_ROOT: `collectstatic` creates and
# fills it. Importing the settings creates no folder (tests/conftest.py makes it for the tests).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Files about residents that are never served publicly (photos of meters): only a team view
# streams them to the team's members. Keep it outside STATIC_ROOT and any web server's root.
PRIVATE_MEDIA_ROOT = Path(
    os.getenv("BUURTKOMPAS_PRIVATE_MEDIA_DIR", str(BASE_DIR / "var" / "private"))
)
# Where `buurtkompas backup` writes its folders when no --to is given (docs/backup.md).
BACKUP_DIR = Path(os.getenv("BUURTKOMPAS_BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
# Where the real source files live (read-only; never copied into the repo).
DATA_DIR = Path(os.getenv("BUURTKOMPAS_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))
# Where raw inputs are archived by checksum before they are transformed.
ARCHIVE_DIR = Path(os.getenv("BUURTKOMPAS_ARCHIVE_DIR", str(BASE_DIR / "var" / "archive")))
# CBS OData endpoint (v3). Tests point this at a local server with recorded responses.
# Called after every successful import: derived values are computed after the load, never in it.
PIPELINE_AFTER_LOAD = ["buurtkompas.atlas.services.indicator_values_recompute"]
CBS_ODATA_URL = os.getenv("CBS_ODATA_URL", "https://opendata.cbs.nl/ODataApi/odata")
# The need index leaves out areas with fewer inhabitants (their shares swing by chance) and calls
# an area mostly students when this share of its inhabitants is aged 15-25 (atlas/quality.py).
ATLAS_MIN_POPULATION = envint("ATLAS_MIN_POPULATION", "500")
ATLAS_STUDENT_SHARE_PCT = envint("ATLAS_STUDENT_SHARE_PCT", "25")
# Where online imports keep the pages they download (one file per page), so a rerun resumes.
DOWNLOAD_DIR = Path(os.getenv("BUURTKOMPAS_DOWNLOAD_DIR", str(BASE_DIR / "var" / "downloads")))
# PDOK OGC API Features of the CBS wijk- en buurtkaart; {year} is the indeling year.
PDOK_OGC_URL = os.getenv("PDOK_OGC_URL", "https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1")
# A per-buurt energy-poverty file for `import all --online` (empty: the step is skipped).
ENERGY_POVERTY_URL = os.getenv("ENERGY_POVERTY_URL", "")
KNMI_DAILY_URL = os.getenv(
    "KNMI_DAILY_URL", "https://www.daggegevens.knmi.nl/klimatologie/daggegevens"
)

SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # TLS ends at the reverse proxy, which must set (overwrite) X-Forwarded-Proto on every
    # request; the application must be reachable only through it (docs/deployment.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
