"""The rate limit on a real Redis (redis-server started on 127.0.0.1 by the test): one
round trip per attempt, the window set once, the count shared by every process."""

import shutil
import socket
import subprocess
import time

import pytest
from redis.connection import Connection

from bench.common import free_port
from tinhso.core.throttle import count_one, counted, over_limit


@pytest.fixture
def redis_cache(settings, tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "redis-server is missing: run `make system-deps` (apt-get install redis-server)"
        )
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    yield port
    server.terminate()
    server.wait(timeout=10)


def test_one_round_trip_per_attempt_and_the_window_set_once(redis_cache, monkeypatch):
    sent = []
    original = Connection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    count_one("warm-up", 60)  # the client's first connection says hello
    monkeypatch.setattr(Connection, "send_packed_command", counting)
    assert [count_one("lookup:203.0.113.7", 2) for _ in range(3)] == [1, 2, 3]
    assert len(sent) == 3  # one write to the server per attempt
    assert counted("lookup:203.0.113.7") == 3
    time.sleep(2.1)  # the window is from the first attempt, not renewed by later ones
    assert count_one("lookup:203.0.113.7", 2) == 1


def test_the_limit_lets_exactly_the_limit_through(redis_cache):
    allowed = sum(not over_limit("lookup:198.51.100.4", 5, 600) for _ in range(12))
    assert allowed == 5 and counted("lookup:198.51.100.4") == 12
