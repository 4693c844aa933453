// Where a knowledge item happened (dark dots) and where members used it (light dots), on the
// gemeenten of the atlas; the list beside the map gives the same places.
import * as maplibregl from "../vendor/maplibre/maplibre-gl.mjs";
import { decode } from "../atlas/map.js";

async function start(el) {
  const points = JSON.parse(document.getElementById("knowledge-points").textContent);
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
    map.addSource("places", {
      type: "geojson",
      data: {
        type: "FeatureCollection",
        features: points.map((p) => ({
          type: "Feature",
          properties: { name: p.name, used: p.what === "used", url: p.url || "" },
          geometry: { type: "Point", coordinates: [p.lon, p.lat] },
        })),
      },
    });
    map.addLayer({
      id: "places",
      type: "circle",
      source: "places",
      paint: {
        "circle-radius": 7,
        "circle-color": ["case", ["get", "used"], "#7fb3d5", "#1a5276"],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    });
    map.on("click", "places", (e) => {
      const url = e.features[0].properties.url;
      if (url) window.location.href = url;
    });
  });
  return map;
}

const el = document.getElementById("knowledge-map");
if (el) start(el).catch((error) => { el.dataset.error = String(error); });
