"""A simulated IP loudspeaker: behaves as a real one does on the platform's MQTT topics.

    python -m tinhso.broadcast.simulator --broker mqtt://127.0.0.1:1883 \\
        --device loa-xa1-01 --password='…'
    python -m tinhso.broadcast.simulator --broker … --device loa-xa1 --count 50 --password-file F

It connects with its own credentials (the broker's ACL lets it publish only under its
code), says "online" (retained; the broker says "offline" for it if it drops off), sends
a heartbeat, and follows commands: it acknowledges each (once per command id), and for
"play" really pulls the stream or file over HTTP and decodes it with PyAV (FFmpeg's
libraries) — reporting "playing" at the first decoded audio and "finished" with the
seconds decoded when it ends. A command at a lower priority than what it is playing is
acknowledged as refused, as a real speaker keeps an emergency on. Usable against a real
installation to check the broker, the credentials and the streams before the speakers
are bought. Django-free: it imports only protocol.py.

With --count N it runs N speakers in one process (codes DEVICE-0001…), each with its own
MQTT connection and player thread, for load tests (bench/speakers_bench.py);
--password-file then holds "code password" lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import signal
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as paho

from tinhso.broadcast import protocol

log = logging.getLogger("speaker")
RANK = {name: rank for rank, name in enumerate(protocol.PRIORITIES)}
REBOOT_SECONDS = 2.0


class Player(threading.Thread):
    """Pulls one URL and decodes it to the end, or until told to stop."""

    def __init__(self, speaker: Speaker, order: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.speaker, self.order = speaker, order
        self.halt = threading.Event()

    def run(self) -> None:
        import av  # here: a speaker that is only told to stop needs no decoder

        url, seconds, started = self.order["url"], 0.0, False
        for attempt in range(10):  # a mount a moment before its source connects: retry
            if self.halt.is_set():
                return
            try:
                with av.open(url, options={"rw_timeout": "5000000", "timeout": "5000000"}) as media:
                    for frame in media.decode(audio=0):
                        if self.halt.is_set():
                            break
                        seconds += frame.samples / (frame.sample_rate or 48_000)
                        if not started:
                            started = True
                            self.speaker.report(
                                "playing",
                                url=url,
                                airing=self.order.get("airing"),
                                command=self.order["id"],
                            )
                break
            except (av.error.FFmpegError, OSError) as exc:
                if started:  # Icecast hangs up when the source does: the stream's end
                    break
                if attempt == 9:
                    self.speaker.report("error", detail=f"{url}: {exc}"[:300])
                    break
                time.sleep(0.5)
        kind = "stopped" if self.halt.is_set() else "finished"
        if started:
            self.speaker.report(
                kind, url=url, airing=self.order.get("airing"), seconds=round(seconds, 1)
            )
        self.speaker.player_ended(self)


class Speaker:
    def __init__(self, broker: str, code: str, password: str, heartbeat: float = 30.0) -> None:
        self.code, self.heartbeat_every = code, heartbeat
        self.volume = 70
        self.player: Player | None = None
        self.done: set[str] = set()  # command ids already carried out
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        parts = urlsplit(broker)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883
        self.client = paho.Client(
            paho.CallbackAPIVersion.VERSION2, client_id=f"speaker-{code}", protocol=paho.MQTTv5
        )
        self.client.username_pw_set(code, password)
        self.client.will_set(protocol.status_topic(code), "offline", qos=1, retain=True)
        self.client.on_connect = self._connected
        self.client.on_message = self._message
        self.client.reconnect_delay_set(1, 10)

    # MQTT
    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=15)
        self.client.loop_start()
        threading.Thread(target=self._beat, daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        self._halt_player()
        self.client.publish(
            protocol.status_topic(self.code), "offline", qos=1, retain=True
        ).wait_for_publish(5)
        self.client.disconnect()
        self.client.loop_stop()

    def _connected(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            log.error("%s: the broker refused us: %s", self.code, reason)
            return
        client.subscribe(protocol.command_topic(self.code), qos=1)
        client.publish(protocol.status_topic(self.code), "online", qos=1, retain=True)

    def report(self, kind: str, **fields: Any) -> None:
        body = {"device": self.code, "type": kind, "time": dt.datetime.now(dt.UTC).isoformat()}
        body.update({key: value for key, value in fields.items() if value is not None})
        self.client.publish(protocol.report_topic(self.code), json.dumps(body), qos=1)

    def _beat(self) -> None:
        while not self.stopped.wait(self.heartbeat_every):
            playing = self.player.order["url"] if self.player else ""
            self.report("heartbeat", volume=self.volume, url=playing)

    # Commands
    def _message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        try:
            order = protocol.parse_command(message.payload)
        except protocol.BadReport as exc:
            self.report("error", detail=f"bad command: {exc}")
            return
        with self.lock:
            repeat = order["id"] in self.done
            self.done.add(order["id"])
        if repeat:  # the platform did not see our ack: say it again, do nothing again
            self.report("ack", command=order["id"])
            return
        ok = self.follow(order)
        self.report("ack", command=order["id"], ok=ok)

    def follow(self, order: dict[str, Any]) -> bool:
        action = order["action"]
        if action == "volume":
            self.volume = max(0, min(100, int(order.get("volume", self.volume))))
        elif action == "stop":
            if self._outranked(order):
                return False
            self._halt_player()
        elif action == "reboot":
            threading.Thread(target=self._reboot, daemon=True).start()
        elif action == "play":
            if self._outranked(order):
                return False
            self._halt_player()
            if "volume" in order:
                self.volume = max(0, min(100, int(order["volume"])))
            with self.lock:
                self.player = Player(self, order)
                self.player.start()
        return True

    def _outranked(self, order: dict[str, Any]) -> bool:
        """A normal command does not cut an emergency short ("force": the platform's own
        end of the emergency)."""
        current = self.player
        if current is None or order.get("force"):
            return False
        return RANK.get(order.get("priority", "normal"), 0) < RANK.get(
            current.order.get("priority", "normal"), 0
        )

    def _halt_player(self) -> None:
        with self.lock:
            player, self.player = self.player, None
        if player is not None:
            player.halt.set()
            player.join(timeout=6)

    def player_ended(self, player: Player) -> None:
        with self.lock:
            if self.player is player:
                self.player = None

    def _reboot(self) -> None:
        self._halt_player()
        self.client.disconnect()
        time.sleep(REBOOT_SECONDS)
        self.client.reconnect()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--broker", required=True, help="mqtt://host:port")
    parser.add_argument(
        "--device",
        default="",
        help="the speaker's code (or prefix with --count); none: each in --password-file",
    )
    parser.add_argument("--password", default="")
    parser.add_argument("--password-file", default="", help='"code password" per line')
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--heartbeat", type=float, default=30.0)
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    passwords: dict[str, str] = {}
    if options.password_file:
        with open(options.password_file, encoding="utf-8") as lines:
            passwords = dict(
                line.split(None, 1) for line in lines.read().split("\n") if line.strip()
            )
    if options.count:
        codes = [f"{options.device}-{n:04d}" for n in range(1, options.count + 1)]
    else:
        codes = [options.device] if options.device else sorted(passwords)
    if not codes:
        parser.error("name a --device, or give a --password-file")
    speakers = [
        Speaker(
            options.broker, code, passwords.get(code, options.password).strip(), options.heartbeat
        )
        for code in codes
    ]
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    for speaker in speakers:
        speaker.start()
    stop.wait()
    for speaker in speakers:
        speaker.stop()


if __name__ == "__main__":
    main()
