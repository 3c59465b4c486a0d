"""Which cache a URL names (read by loket.settings and the tests' fixtures): the same parse
everywhere, so the tests run on the backend production runs.

    LOKET_CACHE_URL=                                     a file cache in ./cache/ (development)
    LOKET_CACHE_URL=redis://:PASSWORD@127.0.0.1:6379/1   a shared Redis (production)

A Redis URL is served by django-redis, not by Django's own Redis backend: Django's builds a
new redis-py client (with its table of about 165 response callbacks) for every cache call,
and a complaint's receipt through the API makes five (the rate limits, the kept office).
Callgrind counted 15.7 million instructions per API submission with Django's backend, 12.0
million with django-redis, which keeps one client per server (issue 18, bench/README.md).
Query options of the URL (`?ssl_cert_reqs=required`) go to redis-py's connection pool."""

from typing import Any

import environ

REDIS_BACKEND = "django_redis.cache.RedisCache"
# django-environ names Django's backend, or django-redis's when it is installed (then with the
# options upper-cased, for django-redis's own settings): either way the options are redis-py's.
REDIS_BACKENDS = {"django.core.cache.backends.redis.RedisCache", REDIS_BACKEND}


def cache_config(url: str) -> dict[str, Any]:
    """The CACHES entry for `url` (django-environ's schemes: `locmemcache://`, `redis://`,
    `rediss://`, a comma-separated list of Redis URLs whose first takes the writes, ...).
    `ImproperlyConfigured` for an unknown scheme."""
    config = environ.Env.cache_url_config(url)
    if config["BACKEND"] in REDIS_BACKENDS:
        config["BACKEND"] = REDIS_BACKEND
        pool_options = {key.lower(): value for key, value in config.pop("OPTIONS", {}).items()}
        if pool_options:
            config["OPTIONS"] = {"CONNECTION_POOL_KWARGS": pool_options}
    return config
