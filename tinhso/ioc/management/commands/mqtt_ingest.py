from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tinhso.core.heartbeat import Heartbeat
from tinhso.core.shutdown import StopSignal
from tinhso.ioc.mqtt import Connector


class Command(BaseCommand):
    help = (
        "Subscribe to the stations' MQTT topics and take in their observations (runs "
        "until SIGTERM or Ctrl+C, which finish the batch in hand first)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.MQTT_URL:
            raise CommandError("MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)")
        self.stdout.write(f"MQTT: {settings.MQTT_URL} {settings.MQTT_TOPICS}")
        connector = Connector(settings.MQTT_URL, settings.MQTT_TOPICS, settings.MQTT_CLIENT_ID)
        with StopSignal(on_stop=connector.request_stop), Heartbeat("mqtt_ingest"):
            connector.run()
        self.stdout.write("MQTT: stopped")
