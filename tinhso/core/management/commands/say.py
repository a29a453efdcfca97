"""Read a sentence aloud with the configured text-to-speech backend, to check it.

manage.py say "UBND phường thông báo: lệ phí 50.000đ."      # prints the words
manage.py say "…" -o thong-bao.wav                           # and writes the audio
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core import tts


class Command(BaseCommand):
    help = "Normalise a Vietnamese sentence, synthesise it and write the audio file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text")
        parser.add_argument("-o", "--output", help="where to write the audio")

    def handle(self, *args: Any, text: str, output: str | None, **options: Any) -> None:
        self.stdout.write(tts.speakable(text))
        try:
            speech = tts.speak(text)
        except tts.TtsError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            Path(output).write_bytes(speech.audio)
        self.stdout.write(f"{speech.content_type}, {len(speech.audio):,} bytes")
