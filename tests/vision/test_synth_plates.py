"""Synthetic plates for training: valid labels, real fonts, repeatable."""

import random

import pytest

from tinhso.vision import plates, synth_plates


def test_labels_follow_the_grammar_and_both_layouts_appear():
    made = list(synth_plates.samples(40, seed=3))
    assert all(plates.is_valid(s.plate) for s in made)
    assert {s.layout for s in made} == {"car-1line", "moto-2line", "car-2line"}
    assert all(s.image.mode == "RGB" and min(s.image.size) >= 100 for s in made)


def test_the_same_seed_gives_the_same_plates():
    first = [(s.plate, s.image.tobytes()) for s in synth_plates.samples(5, seed=11)]
    again = [(s.plate, s.image.tobytes()) for s in synth_plates.samples(5, seed=11)]
    assert first == again
    other = [s.plate for s in synth_plates.samples(5, seed=12)]
    assert other != [p for p, _ in first]


@pytest.mark.parametrize("layout", ["car-1line", "moto-2line", "car-2line"])
def test_the_painted_lines(layout):
    rng = random.Random(1)
    plate = synth_plates.random_plate(rng, layout)
    lines = synth_plates._lines(plate, layout)
    assert len(lines) == (1 if layout == "car-1line" else 2)
    assert plates.normalise("".join(lines)) == plate


def test_a_clean_render_is_dark_ink_on_the_plate_colour():
    font = synth_plates.fonts()[0]
    image = synth_plates.render("51F12345", "car-1line", "white", font).convert("L")
    darkest, lightest = image.getextrema()
    assert darkest < 60 and lightest > 200
