// The network's work visits on a map: the gemeenten of the atlas as background, a dot per work
// visit (dark: coming, light: earlier); the tables on the page give the same places.
import * as maplibregl from "../vendor/maplibre/maplibre-gl.mjs";
import { decode } from "../atlas/map.js";

async function start(el) {
  const points = JSON.parse(document.getElementById("work-visit-points").textContent);
  const shapes = await (await fetch(el.dataset.shapesUrl)).json();
  const map = new maplibregl.Map({
    container: el,
    style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#f4f4f0" } }] },
    bounds: [3.3, 50.7, 7.3, 53.6],
    attributionControl: false,
    cooperativeGestures: true,
  });
  map.on("load", () => {
    map.addSource("gemeenten", { type: "geojson", data: decode(shapes) });
    map.addLayer({ id: "gemeenten", type: "line", source: "gemeenten", paint: { "line-color": "#9a9a9a", "line-width": 0.5 } });
    map.addSource("visits", {
      type: "geojson",
      data: {
        type: "FeatureCollection",
        features: points.map((p) => ({
          type: "Feature",
          properties: { title: p.title, url: p.url, past: p.past },
          geometry: { type: "Point", coordinates: [p.lon, p.lat] },
        })),
      },
    });
    map.addLayer({
      id: "visits",
      type: "circle",
      source: "visits",
      paint: {
        "circle-radius": 7,
        "circle-color": ["case", ["get", "past"], "#7fb3d5", "#1a5276"],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    });
    map.on("click", "visits", (e) => { window.location.href = e.features[0].properties.url; });
  });
  return map;
}

const el = document.getElementById("work-visits-map");
if (el) start(el).catch((error) => { el.dataset.error = String(error); });
