// Maps of field reports (Leaflet from the django-leaflet wheel). Three modes, set by
// data-mode on #report-map: "overview" (public map, points loaded for the view),
// "point" (one report) and "pick" (the report form: tap, phone location, photo GPS).
// Tiles come from data-tiles; when empty or offline the commune boundaries still show.
(function () {
  "use strict";
  const el = document.getElementById("report-map");
  // Other pages (the IOC's commune map) draw their own map in the same element.
  if (!el || typeof L === "undefined" || !["overview", "point", "pick"].includes(el.dataset.mode)) return;

  const map = L.map(el, { scrollWheelZoom: el.dataset.mode !== "point" });
  map.attributionControl.setPrefix("Leaflet");  // a plain credit, no flag
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  }
  let bounds = null;
  try { bounds = JSON.parse(el.dataset.bounds || "null"); } catch (e) { bounds = null; }
  if (bounds) map.fitBounds(bounds); else map.setView([16.0, 106.0], 6);

  // The province's communes: drawn, and (on the form) used to refuse a point outside
  // before anything is sent — a refusal after sending once lost the citizen's photos.
  let communes = null;
  fetch(el.dataset.communes).then((r) => r.json()).then((data) => {
    communes = data.features || [];
    L.geoJSON(data, {
      style: { color: "#555", weight: 1, fillOpacity: 0.03 },
      interactive: false,
    }).addTo(map);
  }).catch(() => {});

  const colour = (p) => (p.closed ? "#2e7d32" : p.status === "new" ? "#b3261e" : "#e69500");

  if (el.dataset.mode === "overview") {
    const layer = L.layerGroup().addTo(map);
    const note = document.getElementById("map-note");
    const load = () => {
      const url = el.dataset.points + "&bbox=" + map.getBounds().toBBoxString();
      fetch(url).then((r) => r.json()).then((data) => {
        layer.clearLayers();
        data.features.forEach((f) => {
          const [lon, lat] = f.geometry.coordinates;
          L.circleMarker([lat, lon], { radius: 7, color: colour(f.properties), fillOpacity: 0.8 })
            .bindPopup(() => {
              const a = document.createElement("a");
              a.href = f.properties.url;
              a.textContent = f.properties.category;  // text, never HTML
              return a;
            })
            .addTo(layer);
        });
        if (note) note.hidden = !data.truncated;
      }).catch(() => {});
    };
    map.on("moveend", load);
    load();
    return;
  }

  if (el.dataset.mode === "point") {
    const at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    L.marker(at).addTo(map);
    map.setView(at, 16);
    return;
  }

  // "pick": the report form.
  const form = document.getElementById("report-form");
  const lat = form.querySelector("input[name=lat]");
  const lon = form.querySelector("input[name=lon]");
  const texts = document.getElementById("map-messages").dataset;
  const status = document.getElementById("location-status");
  let marker = null;

  const showNearby = () => {
    const category = form.querySelector("[name=category]").value;
    if (!category || !lat.value || !window.htmx) return;
    const query = new URLSearchParams({ category: category, lat: lat.value, lon: lon.value });
    window.htmx.ajax("GET", form.dataset.nearby + "?" + query, { target: "#nearby", swap: "innerHTML" });
  };
  // Ray casting over a GeoJSON ring of [lon, lat] points.
  const inRing = (x, y, ring) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inPolygon = (x, y, rings) => inRing(x, y, rings[0]) && !rings.slice(1).some((h) => inRing(x, y, h));
  const inProvince = (latlng) => {
    if (!communes || !communes.length) return true;  // not loaded: the server decides
    return communes.some((f) => {
      const g = f.geometry || {};
      const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      return polygons.some((p) => inPolygon(latlng.lng, latlng.lat, p));
    });
  };
  let outside = false;
  const place = (latlng, message) => {
    outside = !inProvince(latlng);
    if (outside) message = texts.outside;
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { draggable: true }).addTo(map);
    marker.off("dragend").on("dragend", () => place(marker.getLatLng(), texts.picked));
    status.textContent = message;
    showNearby();
  };
  if (lat.value && lon.value) {
    const at = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    place(at, texts.picked);
    map.setView(at, 16);
  }
  map.on("click", (e) => place(e.latlng, texts.picked));
  form.addEventListener("submit", (event) => {
    if (!outside) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    status.textContent = texts.outside;
    status.focus();
  }, true);
  form.querySelector("[name=category]").addEventListener("change", showNearby);

  document.getElementById("use-my-location").addEventListener("click", () => {
    if (!navigator.geolocation) { status.textContent = texts.denied; return; }
    status.textContent = texts.locating;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const at = L.latLng(pos.coords.latitude, pos.coords.longitude);
        map.setView(at, 17);
        place(at, texts.located);
      },
      () => { status.textContent = texts.denied; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });

  // A photo's GPS is read by the server (which strips it before storing) and offered.
  const photos = document.getElementById("photos");
  const offer = document.getElementById("photo-location");
  photos.addEventListener("change", () => {
    offer.hidden = true;
    if (photos.files.length > parseInt(photos.dataset.max, 10)) {
      photos.setCustomValidity(texts.tooMany);
      photos.reportValidity();
      return;
    }
    photos.setCustomValidity("");
    if (!photos.files.length) return;
    const body = new FormData();
    body.append("photo", photos.files[0]);
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(form.dataset.photoLocation, { method: "POST", body: body })
      .then((r) => r.json())
      .then((data) => {
        if (data.lat === null || data.lat === undefined) return;
        offer.querySelector("span").textContent = data.inside ? texts.photoHas : texts.photoOutside;
        const button = document.getElementById("use-photo-location");
        button.hidden = !data.inside;
        button.onclick = () => {
          const at = L.latLng(data.lat, data.lon);
          map.setView(at, 17);
          place(at, texts.picked);
          offer.hidden = true;
        };
        offer.hidden = false;
      })
      .catch(() => {});
  });
})();
