"""The project's own plate recognizer (ONNX, shipped in the repo) and the plate finder."""

import random

import numpy as np
import pytest
from PIL import Image

from tinhso.vision import plate_finder, synth_plates
from tinhso.vision.recognizer import (
    ALPHABET,
    INPUT_H,
    INPUT_W,
    MODEL,
    OnnxPlateReader,
    decode,
    encode,
    prepare,
    result_from,
)


@pytest.fixture(scope="module")
def reader():
    return OnnxPlateReader()


def _logits_for(text: str, columns: int = 40) -> np.ndarray:
    """Logits that say `text` with blanks between characters."""
    logits = np.full((columns, len(ALPHABET) + 1), -10.0)
    logits[:, 0] = 10.0
    for i, cls in enumerate(encode(text)):
        logits[2 * i + 1, 0] = -10.0
        logits[2 * i + 1, cls] = 10.0
    return logits


def test_the_model_ships_in_the_repo_and_is_small():
    assert MODEL.exists() and MODEL.stat().st_size < 10_000_000


def test_prepare_lays_two_line_plates_side_by_side():
    square = Image.new("RGB", (190, 140), "white")
    square.paste((0, 0, 0), (0, 0, 190, 40))  # a dark top line only
    array = prepare(square)
    assert array.shape == (3, INPUT_H, INPUT_W) and array.dtype == np.float32
    left, right = array[:, :, : INPUT_W // 2], array[:, :, INPUT_W // 2 :]
    assert left.mean() < right.mean()  # the top half went left, the bottom half right
    assert array.min() >= -1.0 and array.max() <= 1.0


def test_greedy_ctc_merges_repeats_only_across_no_blank():
    logits = _logits_for("51F12345")
    assert decode(logits)[0] == "51F12345"
    assert decode(_logits_for("11"))[0] == "11"  # a blank between: two ones
    wide = _logits_for("1")
    wide[2, :] = wide[1, :]  # one "1" over two columns, no blank between: still one
    assert decode(wide)[0] == "1"
    assert decode(np.zeros((40, len(ALPHABET) + 1)) + np.eye(len(ALPHABET) + 1)[0] * 9) == (
        "",
        0.0,
    )


def test_a_reading_outside_the_grammar_is_unreadable_not_guessed():
    result = result_from(_logits_for("5XF12"), np.array([5.0, 0, 0, 0]))
    assert result.plate == "" and result.confidence == 0.0 and result.raw == "5XF12"


def test_where_a_digit_must_go_the_likeliest_digit_of_that_column_wins():
    logits = _logits_for("51F1Z345")
    column = 2 * 4 + 1  # the fifth character: a Z, with a 2 a close second
    logits[column, encode("2")[0]] = 8.0
    fixed = result_from(logits, np.array([0, 5.0, 0, 0]))
    assert (fixed.plate, fixed.raw, fixed.colour) == ("51F12345", "51F1Z345", "yellow")
    assert 0.05 < fixed.confidence < 0.5  # the Z was likelier: this read is doubtful


def test_a_dropped_character_is_not_invented():
    # Three serial digits are no plate: nothing is made up to fill the fourth.
    assert result_from(_logits_for("51F123"), np.array([5.0, 0, 0, 0])).plate == ""


@pytest.mark.parametrize("layout", ["car-1line", "moto-2line", "car-2line"])
def test_reads_clean_plates_of_every_layout_and_colour(reader, layout):
    rng = random.Random(layout)
    font = synth_plates.fonts()[0]
    for colour in synth_plates.COLOURS:
        plate = synth_plates.random_plate(rng, layout)
        result = reader.read(synth_plates.render(plate, layout, colour, font))
        assert (result.plate, result.colour) == (plate, colour)
        assert result.confidence > 0.5


def test_reads_most_spoiled_held_out_plates(reader):
    made = list(synth_plates.samples(60, seed=90210))
    results = reader.read_many([s.image for s in made])
    exact = sum(r.plate == s.plate for r, s in zip(results, made, strict=True))
    assert exact >= 50  # the bench measures it properly; this catches a broken model


def test_noise_is_unreadable(reader):
    rng = np.random.default_rng(3)
    noise = Image.fromarray(rng.integers(0, 255, (140, 190, 3), dtype=np.uint8))
    assert reader.read(noise).plate == ""


def test_stacked_text_boxes_make_one_plate():
    top, bottom, elsewhere = (600, 400, 674, 430), (603, 428, 675, 455), (200, 300, 330, 330)
    candidates = plate_finder.group_lines([bottom, elsewhere, top])
    assert sorted(candidates) == [elsewhere, (600, 400, 675, 455)]  # no lone lines of the pair


def test_finds_plates_in_a_whole_frame(reader):
    frame = Image.new("RGB", (1280, 720), (90, 95, 100))
    font = synth_plates.fonts()[0]
    frame.paste(
        synth_plates.render("59X123456", "moto-2line", "white", font).resize((80, 59)), (600, 400)
    )
    frame.paste(
        synth_plates.render("51F12345", "car-1line", "yellow", font).resize((150, 35)), (200, 300)
    )
    finder = plate_finder.PlateFinder(reader)
    found = {f.result.plate: f.box for f in finder.find(frame)}
    assert set(found) == {"59X123456", "51F12345"}
    left, top, right, bottom = found["59X123456"]
    assert left <= 600 <= right and top <= 430 <= bottom
    assert finder.read(frame).plate in found


def test_torch_and_onnx_give_the_same_readings():
    pytest.importorskip("torch")  # training and GPU only: not installed by default
    from tinhso.vision.net import TorchPlateReader

    torch_reader = TorchPlateReader(str(MODEL.with_suffix(".pt")), device="cpu")
    batch = np.stack([prepare(s.image) for s in synth_plates.samples(16, seed=5)])
    onnx_chars, _ = OnnxPlateReader().logits(batch)
    torch_chars, _ = torch_reader.logits(batch)
    np.testing.assert_allclose(onnx_chars, torch_chars, atol=1e-3)
