"""The HTTP SMS backend against a real HTTP server on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from tinhso.core.sms import HttpSmsBackend, SmsError, SmsMessage


class Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(Gateway.status)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received = []
    Gateway.status = 200
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_it_posts_json_with_the_bearer_token(gateway):
    with override_settings(SMS_HTTP_URL=gateway, SMS_HTTP_TOKEN="t0ken", SMS_SENDER="BINHAN"):
        HttpSmsBackend().send(SmsMessage(to="+84912000101", text="Ma xac minh 123456"))
    ((auth, payload),) = Gateway.received
    assert auth == "Bearer t0ken"
    assert payload == {"to": "+84912000101", "text": "Ma xac minh 123456", "sender": "BINHAN"}


def test_a_refusal_by_the_gateway_is_an_error_to_retry(gateway):
    Gateway.status = 503
    with override_settings(SMS_HTTP_URL=gateway), pytest.raises(SmsError, match="503"):
        HttpSmsBackend().send(SmsMessage(to="+84912000101", text="x"))


def test_a_missing_url_is_a_clear_error():
    with override_settings(SMS_HTTP_URL=""), pytest.raises(SmsError, match="SMS_HTTP_URL"):
        HttpSmsBackend().send(SmsMessage(to="+84912000101", text="x"))
