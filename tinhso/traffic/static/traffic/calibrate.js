// Drawing a camera's calibration on its snapshot. The form posts the JSON in
// #calibration; the server checks it (tinhso/traffic/calibration.py). Coordinates are
// pixels of the original snapshot, whatever size the image is shown at.
(function () {
  "use strict";
  const img = document.getElementById("calib-image");
  const svg = document.getElementById("calib-overlay");
  const area = document.getElementById("calibration");
  if (!img || !svg || !area) return;
  const texts = JSON.parse(document.getElementById("calib-text").textContent);
  const NS = "http://www.w3.org/2000/svg";
  let data = {};
  let pending = [];

  function load() {
    try { data = JSON.parse(area.value || "{}") || {}; } catch (e) { data = {}; }
    data.no_parking = Array.isArray(data.no_parking) ? data.no_parking : [];
    data.lanes = Array.isArray(data.lanes) ? data.lanes : [];
  }
  function save() { area.value = JSON.stringify(data); }
  function tool() { return document.querySelector("input[name=tool]:checked").value; }
  function hint() {
    const t = tool();
    const hints = {zone: texts.zonehint, lane: texts.lanehint};
    document.getElementById("calib-hint").textContent = hints[t] || texts[t];
  }
  function pointOf(ev) {
    const r = svg.getBoundingClientRect();
    return [Math.round((ev.clientX - r.left) * img.naturalWidth / r.width),
            Math.round((ev.clientY - r.top) * img.naturalHeight / r.height)];
  }
  function shape(name, attrs) {
    const el = document.createElementNS(NS, name);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    svg.appendChild(el);
    return el;
  }
  function pts(list) { return list.map(p => p.join(",")).join(" "); }

  function render() {
    const w = img.naturalWidth || 1280;
    const stroke = Math.max(2, w / 300);
    svg.setAttribute("viewBox", "0 0 " + w + " " + (img.naturalHeight || 720));
    svg.replaceChildren();
    data.lanes.forEach((lane, i) => {
      shape("polygon", {points: pts(lane), fill: "rgba(90,160,255,.12)", stroke: "#5aa0ff", "stroke-width": stroke, "stroke-dasharray": stroke * 3});
      shape("text", {x: lane[0][0] + 6, y: lane[0][1] + stroke * 8, fill: "#5aa0ff", "font-size": stroke * 7}).textContent = texts.lane + " " + (i + 1);
    });
    data.no_parking.forEach((zone, i) => {
      shape("polygon", {points: pts(zone.polygon), fill: "rgba(250,200,0,.25)", stroke: "#f5b800", "stroke-width": stroke});
      const c = zone.polygon[0];
      shape("text", {x: c[0] + 6, y: c[1] + 6 + stroke * 8, fill: "#f5b800", "font-size": stroke * 8}).textContent = texts.zone + " " + (i + 1);
    });
    if (data.light_region) {
      const [x, y, lw, lh] = data.light_region;
      shape("rect", {x, y, width: lw, height: lh, fill: "none", stroke: "#00d0ff", "stroke-width": stroke});
    }
    if (data.stop_line) {
      const [[x1, y1], [x2, y2]] = data.stop_line;
      shape("line", {x1, y1, x2, y2, stroke: "#ff2d2d", "stroke-width": stroke * 1.5});
      if (data.forbidden_direction) {
        const [dx, dy] = data.forbidden_direction, mx = (x1 + x2) / 2, my = (y1 + y2) / 2, len = w / 12;
        const ex = mx + dx * len, ey = my + dy * len;
        shape("line", {x1: mx, y1: my, x2: ex, y2: ey, stroke: "#ff2d2d", "stroke-width": stroke});
        shape("circle", {cx: ex, cy: ey, r: stroke * 2.5, fill: "#ff2d2d"});
      }
    }
    if (pending.length) {
      shape("polyline", {points: pts(pending), fill: "none", stroke: "#fff", "stroke-width": stroke, "stroke-dasharray": stroke * 2});
      pending.forEach(p => shape("circle", {cx: p[0], cy: p[1], r: stroke * 1.5, fill: "#fff"}));
    }
    zonesForm();
    save();
  }

  function direction(p) {
    const [[x1, y1], [x2, y2]] = data.stop_line;
    let nx = -(y2 - y1), ny = x2 - x1;
    const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    if ((p[0] - mx) * nx + (p[1] - my) * ny < 0) { nx = -nx; ny = -ny; }
    const n = Math.hypot(nx, ny) || 1;
    return [Math.round(nx / n * 1000) / 1000, Math.round(ny / n * 1000) / 1000];
  }

  svg.addEventListener("click", ev => {
    if (!svg.dataset.ready) return;
    const p = pointOf(ev), t = tool();
    if (t === "direction") {
      if (data.stop_line) data.forbidden_direction = direction(p);
    } else {
      pending.push(p);
      if (t === "line" && pending.length === 2) {
        data.stop_line = pending;
        // Until told otherwise: away from the camera (up the picture).
        data.forbidden_direction = direction([(pending[0][0] + pending[1][0]) / 2, -1e6]);
        pending = [];
      } else if (t === "light" && pending.length === 2) {
        const [[ax, ay], [bx, by]] = pending;
        data.light_region = [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
        delete data.signal_feed;
        pending = [];
      }
    }
    render();
  });
  document.getElementById("close-zone").addEventListener("click", () => {
    if (pending.length >= 3 && tool() === "lane") {
      data.lanes.push(pending);
      pending = [];
      render();
    } else if (pending.length >= 3) {
      data.no_parking.push({polygon: pending, allowed_minutes: 0, hours: "00:00-23:59"});
      pending = [];
      render();
    }
  });
  document.getElementById("undo").addEventListener("click", () => { pending.pop(); render(); });
  document.querySelectorAll("input[name=tool]").forEach(r => r.addEventListener("change", () => { pending = []; hint(); render(); }));
  area.addEventListener("change", () => { load(); render(); });

  function zonesForm() {
    const laneBox = document.getElementById("lanes");
    const laneRow = document.getElementById("lane-row");
    laneBox.replaceChildren();
    data.lanes.forEach((lane, i) => {
      const el = laneRow.content.firstElementChild.cloneNode(true);
      el.querySelector("strong").textContent = texts.lane + " " + (i + 1);
      el.querySelector(".lane-remove").addEventListener("click", () => { data.lanes.splice(i, 1); render(); });
      laneBox.appendChild(el);
    });
    const box = document.getElementById("zones");
    const row = document.getElementById("zone-row");
    box.replaceChildren();
    data.no_parking.forEach((zone, i) => {
      const el = row.content.firstElementChild.cloneNode(true);
      el.querySelector("strong").textContent = texts.zone + " " + (i + 1);
      const minutes = el.querySelector(".zone-minutes"), hours = el.querySelector(".zone-hours");
      minutes.value = zone.allowed_minutes; hours.value = zone.hours;
      minutes.setAttribute("aria-label", texts.zone + " " + (i + 1));
      minutes.addEventListener("change", () => { zone.allowed_minutes = parseInt(minutes.value || "0", 10); save(); });
      hours.addEventListener("change", () => { zone.hours = hours.value; save(); });
      el.querySelector(".zone-remove").addEventListener("click", () => { data.no_parking.splice(i, 1); render(); });
      box.appendChild(el);
    });
  }

  // Drawing starts once the picture is there: before that a click has no pixel to map to.
  function ready() {
    if (!img.naturalWidth) return;
    document.getElementById("calib-tools").hidden = false;
    svg.dataset.ready = "1";
    hint();
    render();
  }
  load();
  if (img.complete) ready(); else img.addEventListener("load", ready);
})();
