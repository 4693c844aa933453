// The spot of an asset, picked on a small map of the team's areas (issue 14). The latitude and
// longitude fields stay in the form: without JavaScript they are typed, with it the map fills
// them in. Click or tap the map (or drag the point) to put the point there; with the keyboard,
// move the map with the arrow keys (+ and - zoom) and press "Put the point in the middle of the
// map". Typing in the fields moves the point. A status line says what was set.
import * as maplibregl from "../vendor/maplibre/maplibre-gl.mjs";

const DECIMALS = 5; // about a metre: enough for a building, not more than was meant

function number(input) {
  const value = parseFloat(String(input.value).trim().replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

function start(picker) {
  const form = picker.closest("form");
  const lat = form.querySelector("[name=latitude]");
  const lon = form.querySelector("[name=longitude]");
  const areas = JSON.parse(document.getElementById(picker.dataset.areas).textContent);
  const status = picker.querySelector("[data-picker-status]");
  picker.hidden = false;
  const map = new maplibregl.Map({
    container: picker.querySelector("[data-picker-map]"),
    style: {
      version: 8,
      sources: { areas: { type: "geojson", data: areas } },
      layers: [
        { id: "bg", type: "background", paint: { "background-color": "#f4f4f0" } },
        { id: "area-fill", type: "fill", source: "areas", paint: { "fill-color": "#dbe9e1", "fill-opacity": 0.7 } },
        { id: "area-line", type: "line", source: "areas", paint: { "line-color": "#1f6b4a", "line-width": 1.5 } },
      ],
    },
    bounds: areas.bbox,
    fitBoundsOptions: { padding: 20 },
    attributionControl: false,
    locale: {
      "Map.Title": picker.dataset.tMap,
      "NavigationControl.ZoomIn": picker.dataset.tZoomIn,
      "NavigationControl.ZoomOut": picker.dataset.tZoomOut,
      "Marker.Title": picker.dataset.tMarker,
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  const marker = new maplibregl.Marker({ color: "#a4000f", draggable: true });
  let shown = false;

  function show(lngLat) {
    marker.setLngLat(lngLat);
    if (!shown) marker.addTo(map);
    shown = true;
  }

  function set(lngLat) {
    show(lngLat);
    lat.value = lngLat.lat.toFixed(DECIMALS);
    lon.value = lngLat.lng.toFixed(DECIMALS);
    status.textContent = picker.dataset.setText.replace("{lat}", lat.value).replace("{lon}", lon.value);
  }

  function fromFields() {
    const [y, x] = [number(lat), number(lon)];
    if (y === null || x === null) return;
    show({ lat: y, lng: x });
  }

  map.on("click", (event) => set(event.lngLat));
  marker.on("dragend", () => set(marker.getLngLat()));
  picker.querySelector("[data-picker-centre]").addEventListener("click", () => set(map.getCenter()));
  picker.querySelector("[data-picker-clear]").addEventListener("click", () => {
    lat.value = "";
    lon.value = "";
    marker.remove();
    shown = false;
    status.textContent = picker.dataset.clearedText;
  });
  lat.addEventListener("change", fromFields);
  lon.addEventListener("change", fromFields);
  fromFields();
  if (shown) map.once("load", () => map.setCenter(marker.getLngLat()));
}

document.querySelectorAll("[data-location-picker]").forEach(start);
