"""A camera's calibration, drawn on a snapshot: the stop line and the direction in
which crossing it is forbidden on red, lanes, the traffic-light region (or an external
signal feed), no-parking polygons with allowed minutes and hours. Checked with Shapely
so that a degenerate line or a self-intersecting polygon is refused with a reason.

    {
      "stop_line": [[x1, y1], [x2, y2]],          # pixels of the snapshot
      "forbidden_direction": [dx, dy],             # the way a vehicle must not cross on red
      "lanes": [[[x, y], …], …],                   # optional polygons
      "light_region": [x, y, width, height],       # or "signal_feed": "https://…"
      "no_parking": [{"polygon": [[x, y], …], "allowed_minutes": 5, "hours": "07:00-19:00"}]
    }
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import LineString, Polygon

from tinhso.core.errors import ActionError

MIN_LINE_PIXELS = 10
HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _point(value: Any, field: str) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ActionError(_("Tọa độ điểm không hợp lệ."), field=field) from None
    if not (math.isfinite(x) and math.isfinite(y)) or x < 0 or y < 0:
        raise ActionError(_("Tọa độ điểm không hợp lệ."), field=field)
    return x, y


def _polygon(points: Any, field: str) -> Polygon:
    if not isinstance(points, list) or len(points) < 3:
        raise ActionError(_("Vùng cần ít nhất 3 điểm."), field=field)
    shape = Polygon([_point(p, field) for p in points])
    if not shape.is_valid:
        raise ActionError(_("Vùng tự cắt chính nó; hãy vẽ lại."), field=field)
    if shape.area < 1:
        raise ActionError(_("Vùng có diện tích bằng 0."), field=field)
    return shape


def clean(data: Any) -> dict[str, Any]:
    """The calibration checked and normalised, or ActionError naming what is wrong."""
    if not isinstance(data, dict):
        raise ActionError(_("Hiệu chỉnh camera phải là một đối tượng JSON."))
    out: dict[str, Any] = {}
    if "stop_line" in data:
        line = data["stop_line"]
        if not isinstance(line, list) or len(line) != 2:
            raise ActionError(_("Vạch dừng cần đúng hai điểm."), field="stop_line")
        a, b = _point(line[0], "stop_line"), _point(line[1], "stop_line")
        if LineString([a, b]).length < MIN_LINE_PIXELS:
            raise ActionError(
                _("Vạch dừng quá ngắn (hai điểm gần như trùng nhau)."), field="stop_line"
            )
        try:
            dx, dy = (float(v) for v in data.get("forbidden_direction", []))
        except (TypeError, ValueError):
            raise ActionError(
                _("Cần hướng cấm vượt qua vạch dừng."), field="forbidden_direction"
            ) from None
        # The direction must cross the line, not run along it.
        line_dx, line_dy = b[0] - a[0], b[1] - a[1]
        cross = line_dx * dy - line_dy * dx
        if math.hypot(dx, dy) == 0 or abs(cross) < 1e-6 * math.hypot(line_dx, line_dy):
            raise ActionError(_("Hướng cấm phải cắt ngang vạch dừng."), field="forbidden_direction")
        out["stop_line"] = [list(a), list(b)]
        out["forbidden_direction"] = [dx, dy]
    lanes = data.get("lanes", [])
    if not isinstance(lanes, list):
        raise ActionError(_("Làn đường phải là danh sách vùng."), field="lanes")
    out["lanes"] = [list(map(list, _polygon(p, "lanes").exterior.coords[:-1])) for p in lanes]
    if "light_region" in data:
        try:
            x, y, w, h = (float(v) for v in data["light_region"])
        except (TypeError, ValueError):
            raise ActionError(_("Vùng đèn tín hiệu không hợp lệ."), field="light_region") from None
        if min(x, y) < 0 or w < 2 or h < 2:
            raise ActionError(_("Vùng đèn tín hiệu không hợp lệ."), field="light_region")
        out["light_region"] = [x, y, w, h]
    elif "signal_feed" in data:
        feed = str(data["signal_feed"])
        if not feed.startswith(("http://", "https://")):  # polled by the worker (signal_feed.py)
            raise ActionError(_("Nguồn tín hiệu đèn phải là một địa chỉ."), field="signal_feed")
        out["signal_feed"] = feed
    elif "stop_line" in data:
        raise ActionError(
            _("Cần vùng đèn tín hiệu hoặc nguồn tín hiệu để phát hiện vượt đèn đỏ."),
            field="light_region",
        )
    zones = []
    for zone in data.get("no_parking", []) or []:
        if not isinstance(zone, dict):
            raise ActionError(_("Vùng cấm đỗ không hợp lệ."), field="no_parking")
        polygon = _polygon(zone.get("polygon"), "no_parking")
        try:
            minutes = int(zone.get("allowed_minutes", 0))
        except (TypeError, ValueError):
            minutes = -1
        if not 0 <= minutes <= 24 * 60:
            raise ActionError(_("Số phút được dừng không hợp lệ."), field="no_parking")
        hours = str(zone.get("hours", "00:00-23:59"))
        if not HOURS.match(hours):
            raise ActionError(_("Khung giờ phải dạng 07:00-19:00."), field="no_parking")
        zones.append(
            {
                "polygon": [list(p) for p in polygon.exterior.coords[:-1]],
                "allowed_minutes": minutes,
                "hours": hours,
            }
        )
    out["no_parking"] = zones
    return out
