"""Django's Redis cache with one Redis client a connection pool, not one a cache call."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClientRedisCacheClient(RedisCacheClient):
    # Django builds a new redis.Redis around the pool for every call, and building one
    # copies its table of reply parsers: ~190 µs each, measured on this 2-core machine,
    # twice for every page the page cache answers. A client is safe to share between
    # threads, and its pool opens new connections after a fork (gunicorn's preload).
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if (client := clients.get(id(pool))) is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache``, keeping its Redis clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
