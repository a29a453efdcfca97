// Things with a place and a state on the province map (Leaflet from the django-leaflet
// wheel): traffic cameras, loudspeakers. Green when working, red when not; a marker's
// popup links to the thing's page. Commune boundaries always show, so the map is useful
// without tiles (offline installs). Points: data-points='[{lat, lon, online, name,
// status, url}]' on an element with the class "points-map".
(function () {
  "use strict";
  document.querySelectorAll(".points-map").forEach(draw);
  function draw(el) {
  if (typeof L === "undefined") return;
  const map = L.map(el, { scrollWheelZoom: false });
  map.attributionControl.setPrefix("Leaflet");  // a plain credit, no flag
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  }
  const cameras = JSON.parse(el.dataset.points || "[]");
  let bounds = null;
  try { bounds = JSON.parse(el.dataset.bounds || "null"); } catch (e) { bounds = null; }
  if (cameras.length) map.fitBounds(cameras.map((c) => [c.lat, c.lon]), { padding: [30, 30], maxZoom: 15 });
  else if (bounds) map.fitBounds(bounds);
  else map.setView([16.0, 106.0], 6);
  fetch(el.dataset.communes).then((r) => r.json()).then((data) => {
    L.geoJSON(data, { style: { color: "#555", weight: 1, fillOpacity: 0.03 }, interactive: false }).addTo(map);
  }).catch(() => {});
  cameras.forEach((c) => {
    const marker = L.circleMarker([c.lat, c.lon], {
      radius: 8, weight: 2, color: "#fff", fillOpacity: 0.9,
      fillColor: c.online ? "#2e7d32" : "#b3261e",
    }).addTo(map);
    const link = document.createElement("a");
    link.href = c.url;
    link.textContent = c.name + " — " + c.status;
    marker.bindPopup(link);
  });
  }
})();
