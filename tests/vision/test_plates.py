"""The Vietnamese plate grammar (no Django, no database)."""

import csv
import os
from pathlib import Path

import pytest

from tinhso.vision import plates


def _labels() -> Path:
    """The shared real-plate labels: $TINHSO_PLATES_DIR, or shared/ beside a parent folder."""
    if os.environ.get("TINHSO_PLATES_DIR"):
        return Path(os.environ["TINHSO_PLATES_DIR"]) / "labels.tsv"
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "plates" / "labels.tsv"
        if candidate.exists():
            return candidate
    return Path("/nonexistent/labels.tsv")


LABELS = _labels()


@pytest.mark.parametrize(
    "painted, normalised",
    [
        ("59-X1 234.56", "59X123456"),
        ("51F-123.45", "51F12345"),
        ("23-MĐ1 016.09", "23MD101609"),
        ("30e 12345", "30E12345"),
    ],
)
def test_normalise(painted, normalised):
    assert plates.normalise(painted) == normalised
    assert plates.is_valid(normalised)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "51F123",
        "5F12345",
        "51I12345",
        "51O12345",
        "51W12345",
        "09A12345",
        "51F1234567",
        "ABCDEFGH",
    ],
)
def test_what_is_not_a_plate(text):
    assert not plates.is_valid(plates.normalise(text))


@pytest.mark.parametrize(
    "misread, plate",
    [
        ("5lF-123.45", "51F12345"),  # l for 1 in the province code
        ("51F-I23.45", "51F12345"),  # I for 1 in the serial
        ("518-123.45", "51B12345"),  # 8 for B in the series
        ("59-X1 234.S6", "59X123456"),  # S for 5 in the serial
        ("S9-P1 664.80", "59P166480"),
    ],
)
def test_look_alikes_are_corrected_only_to_fit(misread, plate):
    reading = plates.read(misread)
    assert reading.plate == plate and reading.corrected


def test_what_cannot_fit_is_unreadable_never_guessed():
    for text in ("51F-12", "XYZ", "51F-123.45.67.89", "5?F-1##.45"):
        reading = plates.read(text)
        assert reading.plate == "" and not reading.readable


def test_a_correct_reading_is_left_alone():
    reading = plates.read("51G-429.71")
    assert reading.plate == "51G42971" and not reading.corrected


@pytest.mark.parametrize(
    "plate, painted",
    [("51F12345", "51F-123.45"), ("59X123456", "59-X1 234.56"), ("51G4297", "51G-4297")],
)
def test_display(plate, painted):
    assert plates.display(plate) == painted


@pytest.mark.skipif(not LABELS.exists(), reason="the shared real-plate labels are not here")
def test_every_hand_checked_real_plate_fits_the_grammar():
    """The grammar must accept real plates (a check of the grammar, not training)."""
    with LABELS.open(encoding="utf-8") as handle:
        labels = [row["plate"] for row in csv.DictReader(handle, delimiter="\t")]
    assert len(labels) > 90
    assert [p for p in labels if not plates.is_valid(p)] == []
