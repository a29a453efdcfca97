// IOC pages: the indicator chart (Plotly from the plotly wheel), the commune map
// coloured by level (Leaflet; map.js draws the boundaries for other pages), and the
// CSV upload's progress bar.
(function () {
  "use strict";
  const chart = document.getElementById("ioc-chart");
  if (chart && window.Plotly) {
    const data = JSON.parse(chart.dataset.chart);
    const traces = [{ x: data.x, y: data.y, name: data.name, type: "scatter", mode: "lines+markers",
      line: { color: "#b3261e" } }];
    const future = data.forecast || [];
    if (future.length) {
      const x = future.map((p) => p.start);
      const band = (lo, hi, colour) => ({
        x: x.concat(x.slice().reverse()), y: future.map((p) => p[hi]).concat(future.map((p) => p[lo]).reverse()),
        fill: "toself", fillcolor: colour, line: { width: 0 }, hoverinfo: "skip", type: "scatter", mode: "lines", name: lo,
      });
      traces.push(band("lo95", "hi95", "rgba(11,61,145,0.12)"), band("lo80", "hi80", "rgba(11,61,145,0.22)"));
      traces.push({ x: x, y: future.map((p) => p.mean), name: "forecast", mode: "lines",
        line: { dash: "dash", color: "#0b3d91" } });
    }
    const lines = [["target", "#2e7d32"], ["warning", "#e69500"], ["critical", "#8c1d18"]];
    lines.forEach(([key, colour]) => {
      if (data[key] !== null && data.x.length) {
        traces.push({ x: [data.x[0], data.x[data.x.length - 1]], y: [data[key], data[key]],
          name: key, mode: "lines", line: { dash: "dot", color: colour, width: 1 } });
      }
    });
    window.Plotly.newPlot(chart, traces, {
      margin: { t: 10, r: 10, b: 40, l: 50 }, height: 320, showlegend: false,
      yaxis: { title: data.unit }, separators: ", ",
      xaxis: { type: "date", tickformat: { hour: "%H:%M<br>%d/%m", day: "%d/%m/%Y", month: "%m/%Y" }[data.period] },
    }, { displayModeBar: false, responsive: true });
  }

  const map = document.getElementById("report-map");
  if (map && map.dataset.mode === "ioc" && window.L) {
    const values = JSON.parse(map.dataset.values);
    const stations = JSON.parse(map.dataset.stations || "[]");
    const colours = { ok: "#2e7d32", warning: "#e69500", critical: "#b3261e", unrated: "#8fa3b8", nodata: "#bbbbbb", none: "#bbbbbb" };
    const m = L.map(map);
    m.attributionControl.setPrefix("Leaflet");  // a plain credit, no flag
    if (map.dataset.tiles) L.tileLayer(map.dataset.tiles, { attribution: map.dataset.attribution }).addTo(m);
    fetch(map.dataset.communes).then((r) => r.json()).then((geo) => {
      const layer = L.geoJSON(geo, {
        filter: (f) => f.properties.code in values,
        style: (f) => ({ color: "#555", weight: 1, fillOpacity: 0.55,
          fillColor: colours[values[f.properties.code].level] }),
        onEachFeature: (f, l) => {
          const v = values[f.properties.code];
          l.bindTooltip(v.name + ": " + (v.value === null ? "—" : v.value.toLocaleString("vi-VN")));
          l.on("click", () => { window.location = map.dataset.link + f.properties.code; });
        },
      }).addTo(m);
      if (layer.getBounds().isValid()) m.fitBounds(layer.getBounds());
    }).catch(() => {});
    stations.forEach((s) => L.circleMarker([s.lat, s.lon], { radius: 6, color: "#0b3d91" })
      .bindTooltip(s.name).addTo(m));
    let bounds = null;
    try { bounds = JSON.parse(map.dataset.bounds || "null"); } catch (e) { bounds = null; }
    if (bounds) m.fitBounds(bounds); else m.setView([16, 106], 6);
  }

  // Large CSV files: show the upload's progress, then let the server's page replace this one.
  const form = document.getElementById("csv-upload");
  if (form && window.XMLHttpRequest) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const bar = document.getElementById("upload-progress");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) { bar.hidden = false; bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.onload = () => { document.open(); document.write(xhr.responseText); document.close(); };
      xhr.send(new FormData(form));
    });
  }
})();
