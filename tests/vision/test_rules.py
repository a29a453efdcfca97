"""The violation rules on tracked points: crossing direction, signal timing, dwell time
with occlusion gaps, zone hours; the light's colour read from pixels."""

import datetime as dt

import cv2
import numpy as np
import pytest

from tinhso.vision.rules import ParkingRule, RedLightRule, signal_state

LINE = [[100, 300], [500, 300]]
UP = [0, -1]
MORNING = dt.datetime(2026, 11, 23, 8, 0)


def crossing(rule, track, ys, signals, x=300.0):
    hits = []
    for i, (y, signal) in enumerate(zip(ys, signals, strict=True)):
        hit = rule.update(track, (x, y), i * 0.1, signal)
        if hit:
            hits.append(hit)
    return hits


def test_crossing_the_line_upwards_on_red_is_one_violation():
    rule = RedLightRule(LINE, UP)
    hits = crossing(rule, 1, [340, 320, 305, 290, 270, 250], ["red"] * 6)
    assert [(h.kind, h.track, round(h.t, 2)) for h in hits] == [("red_light", 1, 0.3)]
    # Still moving on, still red: never a second violation for the same track.
    assert crossing(rule, 1, [240, 230], ["red", "red"]) == []


def test_crossing_on_green_or_amber_is_not_a_violation_even_if_it_turns_red():
    rule = RedLightRule(LINE, UP)
    assert crossing(rule, 2, [320, 290, 270], ["green", "green", "red"]) == []
    assert crossing(rule, 3, [320, 290], ["amber", "amber"]) == []


def test_crossing_against_the_forbidden_direction_is_not_a_violation():
    rule = RedLightRule(LINE, UP)
    assert crossing(rule, 4, [260, 290, 320], ["red"] * 3) == []  # coming the other way


def test_waiting_at_the_line_is_not_crossing_it():
    rule = RedLightRule(LINE, UP)
    assert crossing(rule, 5, [340, 320, 304, 302, 302, 302], ["red"] * 6) == []


def test_passing_beside_the_line_is_not_crossing_it():
    rule = RedLightRule(LINE, UP)
    assert crossing(rule, 6, [320, 290, 270], ["red"] * 3, x=700) == []


ZONE = {
    "polygon": [[0, 0], [200, 0], [200, 200], [0, 200]],
    "allowed_minutes": 0,
    "hours": "07:00-19:00",
}


def dwell(rule, track, points, start=0.0, step=1.0, when=MORNING):
    hits = []
    for i, point in enumerate(points):
        t = start + i * step
        hit = rule.update(track, point, t, when + dt.timedelta(seconds=t))
        if hit:
            hits.append(hit)
    return hits


def test_standing_in_the_zone_beyond_the_allowed_time_is_one_violation():
    rule = ParkingRule([ZONE], min_seconds=10)
    hits = dwell(rule, 1, [(100, 100)] * 15)
    assert [(h.kind, h.t) for h in hits] == [("illegal_parking", 10.0)]


def test_allowed_minutes_of_the_zone_are_respected():
    rule = ParkingRule([{**ZONE, "allowed_minutes": 1}], min_seconds=10)
    assert dwell(rule, 1, [(100, 100)] * 50) == []  # 49 s < 1 minute
    assert len(dwell(rule, 1, [(100, 100)] * 20, start=50)) == 1


def test_moving_through_or_creeping_restarts_the_clock():
    rule = ParkingRule([ZONE], min_seconds=10, still_pixels=25)
    creeping = [(100, 190 - 10 * i) for i in range(18)]  # slow traffic: 10 px a second
    assert dwell(rule, 1, creeping) == []


def test_outside_the_zone_hours_nothing_is_reported():
    rule = ParkingRule([ZONE], min_seconds=10)
    night = dt.datetime(2026, 11, 23, 22, 0)
    assert dwell(rule, 1, [(100, 100)] * 20, when=night) == []


def test_overnight_hours_wrap_around_midnight():
    rule = ParkingRule([{**ZONE, "hours": "22:00-06:00"}], min_seconds=10)
    assert len(dwell(rule, 1, [(100, 100)] * 20, when=dt.datetime(2026, 11, 23, 23, 0))) == 1
    assert dwell(rule, 2, [(150, 150)] * 20, when=dt.datetime(2026, 11, 23, 12, 0)) == []


def test_a_vehicle_hidden_for_a_while_keeps_its_dwell_time():
    """A bus hides the parked car for 6 s; the tracker gives it a new id afterwards."""
    rule = ParkingRule([ZONE], min_seconds=20, gap_seconds=30, confirm_seconds=2)
    assert dwell(rule, 1, [(100, 100)] * 8) == []  # 0–7 s, then hidden
    hits = dwell(rule, 9, [(102, 101)] * 10, start=14)  # seen again at 14 s as track 9
    assert [(h.track, h.t) for h in hits] == [(9, 20.0)]  # 20 s after it first stood


def test_another_vehicle_passing_the_same_spot_does_not_inherit_the_time():
    rule = ParkingRule([ZONE], min_seconds=20, gap_seconds=30, confirm_seconds=2)
    dwell(rule, 1, [(100, 100)] * 15)  # stood 0–14 s, then left (lost)
    passing = [(100, 100), (100, 80), (100, 60), (100, 40)]  # moves on through
    assert dwell(rule, 7, passing, start=20) == []
    rule.expire(100.0)
    assert rule.dwell == {}


def _light(colour):
    frame = np.zeros((120, 80, 3), np.uint8)
    centres = {"red": 20, "amber": 60, "green": 100}
    bgr = {"red": (40, 40, 235), "amber": (30, 190, 245), "green": (60, 220, 60)}
    for name, y in centres.items():
        cv2.circle(frame, (40, y), 15, bgr[name] if name == colour else (45, 45, 45), -1)
    return frame


@pytest.mark.parametrize("colour", ["red", "amber", "green"])
def test_the_lit_lamp_gives_the_signal(colour):
    assert signal_state(_light(colour), [0, 0, 80, 120]) == colour


def test_a_dark_or_missing_light_is_unknown_not_green():
    assert signal_state(_light("none"), [0, 0, 80, 120]) == "unknown"
    assert signal_state(_light("red"), [500, 500, 10, 10]) == "unknown"
