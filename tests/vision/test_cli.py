"""`tinhso-vision read-plates`, with the baseline reader on rendered plates."""

import subprocess
import sys
from pathlib import Path

from tinhso.vision import synth_plates


def test_read_plates_prints_file_plate_confidence(tmp_path):
    font = synth_plates.fonts()[0]
    car = tmp_path / "car.png"
    synth_plates.render("51F12345", "car-1line", "white", font).save(car)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"MZ this is not an image")
    script = Path(sys.executable).with_name("tinhso-vision")
    result = subprocess.run(
        [str(script), "read-plates", str(car), str(junk)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert lines[0][0] == str(car) and lines[0][1] == "51F12345" and float(lines[0][2]) > 0.5
    assert lines[1] == [str(junk), "", "0.000"]
    assert "not a readable image" in result.stderr
