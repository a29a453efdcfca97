"""Behind nginx every request comes from 127.0.0.1: the limits must count the citizen's
own address (from X-Forwarded-For, as far from the right as there are proxies), and
without a proxy the header — which anyone can write — must change nothing."""

import pytest
from django.test import RequestFactory

from tinhso.core.addresses import client_address


def request(xff=None, remote="127.0.0.1"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "proxies, xff, expected",
    [
        (1, "10.1.2.3", "10.1.2.3"),  # nginx appended the address it saw
        (1, "6.6.6.6, 10.1.2.3", "10.1.2.3"),  # the client wrote 6.6.6.6 itself
        (2, "6.6.6.6, 10.1.2.3, 192.168.0.9", "10.1.2.3"),  # load balancer, then nginx
        (1, "2001:db8::7", "2001:db8::7"),
        (1, None, "127.0.0.1"),  # did not come through the proxy
        (1, "not-an-address", "127.0.0.1"),
        (2, "10.1.2.3", "127.0.0.1"),  # fewer hops than proxies
        (0, "10.1.2.3", "127.0.0.1"),  # no proxy: the header is ignored
    ],
)
def test_the_client_is_read_as_far_from_the_right_as_there_are_proxies(
    settings, proxies, xff, expected
):
    settings.PROXY_COUNT = proxies
    assert client_address(request(xff)) == expected


@pytest.mark.django_db
def test_citizens_behind_the_same_nginx_each_have_their_own_lookup_limit(client, settings):
    settings.PROXY_COUNT = 1
    settings.LOOKUPS_PER_WINDOW = 2

    def lookup(address):
        return client.get(
            "/api/v1/lookup?code=KHONG-CO&secret=1234", HTTP_X_FORWARDED_FOR=address
        ).status_code

    assert [lookup("10.0.0.1") for _ in range(3)] == [404, 404, 429]
    assert lookup("10.0.0.2") == 404  # someone else in the province is not blocked
    assert lookup("6.6.6.6, 10.0.0.1") == 429  # nor can the first escape by writing a header
