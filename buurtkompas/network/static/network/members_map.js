// Where the network's members work: the atlas' gemeenten, darker where more members work.
// The table beside the map gives the same numbers.
import * as maplibregl from "../vendor/maplibre/maplibre-gl.mjs";
import { decode } from "../atlas/map.js";

const RAMP = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];

async function start(el) {
  const rows = JSON.parse(document.getElementById("where-members-work").textContent);
  const shapes = await (await fetch(el.dataset.shapesUrl)).json();
  const count = ["match", ["get", "code"]];
  rows.forEach((row) => count.push(row.code, row.members));
  count.push(0);
  const map = new maplibregl.Map({
    container: el,
    style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#ffffff" } }] },
    bounds: [3.3, 50.7, 7.3, 53.6],
    attributionControl: false,
    cooperativeGestures: true,
  });
  map.on("load", () => {
    map.addSource("gemeenten", { type: "geojson", data: decode(shapes) });
    map.addLayer({
      id: "fill",
      type: "fill",
      source: "gemeenten",
      paint: {
        "fill-color": ["step", count, "#f4f4f0", 1, RAMP[0], 2, RAMP[1], 5, RAMP[2], 10, RAMP[3]],
      },
    });
    map.addLayer({ id: "lines", type: "line", source: "gemeenten", paint: { "line-color": "#9a9a9a", "line-width": 0.4 } });
    map.on("click", "fill", (e) => {
      const code = e.features[0].properties.code;
      if (rows.some((row) => row.code === code)) window.location.search = `?region=${code}`;
    });
  });
}

const el = document.getElementById("members-map");
if (el) start(el).catch((error) => { el.dataset.error = String(error); });
