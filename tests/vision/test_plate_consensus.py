"""A track's plate from several frames: the plate they agree on, and the agreement as
its confidence."""

from tinhso.vision.pipeline import plate_consensus


def test_frames_that_agree_keep_their_confidence():
    reads = [("51F12345", "white", 0.99, b"a"), ("51F12345", "white", 0.995, b"b")] * 2
    assert plate_consensus(reads, 4) == ("51F12345", "white", 0.9925, b"b")


def test_one_frame_alone_is_not_sure():
    reads = [("51F12345", "white", 0.99, b"a"), ("", "", 0.0, None), ("", "", 0.0, None)]
    plate, _colour, confidence, _crop = plate_consensus(reads, 4)
    assert plate == "51F12345" and confidence < 0.3


def test_disagreeing_frames_split_the_confidence():
    reads = [("51F12345", "white", 0.9, b"a"), ("51F12845", "white", 0.95, b"b"),
             ("51F12345", "white", 0.8, b"c"), ("51F12845", "white", 0.6, b"d")]  # fmt: skip
    plate, _colour, confidence, crop = plate_consensus(reads, 4)
    assert (plate, crop) == ("51F12345", b"a") and confidence < 0.5


def test_nothing_read_is_nothing():
    assert plate_consensus([("", "", 0.0, None)] * 4, 4) == ("", "", 0.0, None)
