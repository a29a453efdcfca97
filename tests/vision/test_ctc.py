"""Grammar-constrained CTC decoding and the CTC likelihood it rests on, checked
against brute force and hand-worked cases."""

import itertools
import math

import numpy as np
import pytest

from tinhso.vision import ctc
from tinhso.vision.calibration import ctc_log_likelihood, send_as_read_threshold
from tinhso.vision.recognizer import ALPHABET, encode


def collapse(path):
    out, previous = [], 0
    for cls in path:
        if cls and cls != previous:
            out.append(cls)
        previous = cls
    return out


def test_the_likelihood_sums_every_alignment():
    rng = np.random.default_rng(0)
    log_probs = ctc.log_softmax(rng.normal(size=(5, 3)))  # blank, a, b over five columns
    for label in ([1, 2], [1, 1], [2]):
        brute = sum(
            math.exp(sum(log_probs[t, c] for t, c in enumerate(path)))
            for path in itertools.product(range(3), repeat=5)
            if collapse(path) == label
        )
        assert math.exp(ctc_log_likelihood(log_probs, label)) == pytest.approx(brute, rel=1e-9)


def columns_saying(text, width=2):
    """Certain columns: each character, then a blank."""
    log_probs = np.full((len(text) * width + 2, len(ALPHABET) + 1), -30.0)
    log_probs[:, 0] = 0.0
    for i, cls in enumerate(encode(text)):
        log_probs[i * width, 0] = -30.0
        log_probs[i * width, cls] = 0.0
    return log_probs


def test_the_beam_finds_the_plate_and_its_probability():
    log_probs = columns_saying("51F12345")
    # One column hesitates between the last 5 again and a blank: both spell the same
    # plate, so its probability is the sum, not the better half.
    log_probs[15, 0] = log_probs[15, encode("5")[0]] = math.log(0.5)
    log_probs = ctc.log_softmax(log_probs)
    plate, log_p = ctc.beam_search(log_probs, ALPHABET)
    assert plate == "51F12345" and math.exp(log_p) == pytest.approx(1.0, abs=1e-6)
    assert log_p == pytest.approx(ctc_log_likelihood(log_probs, encode(plate)), abs=1e-9)


def test_only_whole_plates_come_out():
    assert ctc.beam_search(ctc.log_softmax(columns_saying("51F123")), ALPHABET)[0] == ""
    assert ctc.beam_search(ctc.log_softmax(columns_saying("05F12345")), ALPHABET)[0] == ""
    motorbike = ctc.beam_search(ctc.log_softmax(columns_saying("59X123456")), ALPHABET)
    assert motorbike[0] == "59X123456"


@pytest.mark.parametrize(
    ("state", "ch", "after"),
    [((0, 0, 0), "5", (1, 0, 0)), ((0, 0, 0), "0", None), ((2, 0, 0), "4", None),
     ((2, 1, 0), "D", (2, 2, 0)), ((2, 2, 0), "D", None), ((2, 1, 3), "A", None),
     ((2, 1, 6), "1", None), ((2, 1, 0), "1", (2, 1, 1))],
)  # fmt: skip
def test_the_grammar_says_where_a_character_may_stand(state, ch, after):
    assert ctc.allows(state, ch) == after


def test_the_threshold_keeps_the_reads_that_are_right_often_enough():
    scored = [(0.99, True)] * 99 + [(0.98, False)] + [(0.5, True)] * 10
    assert send_as_read_threshold(scored) == 0.99
    assert send_as_read_threshold([(0.9, False)]) == 1.0
