// The atlas map: compact shapes from the server, coloured by the chosen indicator or the index.
// No inline scripts: configuration comes from data- attributes on #map.
import * as maplibregl from "../vendor/maplibre/maplibre-gl.mjs";

const NEED = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
const CONTEXT = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"];
const NO_DATA = "#d9d9d9";
const ACTIVE = "#1b1f23"; // outline of areas with community work active (a listed team works there)

export function decode(shapes) {
  const q = shapes.q;
  const ring = (r) => {
    const pts = [];
    let x = 0;
    let y = 0;
    for (let i = 0; i < r.length; i += 2) {
      x = i === 0 ? r[0] : x + r[i];
      y = i === 0 ? r[1] : y + r[i + 1];
      pts.push([x / q, y / q]);
    }
    pts.push(pts[0]);
    return pts;
  };
  return {
    type: "FeatureCollection",
    features: shapes.features.map((f) => ({
      type: "Feature",
      properties: { code: f.c, name: f.n, gemeente: f.g },
      geometry: { type: "MultiPolygon", coordinates: f.p.map((poly) => poly.map(ring)) },
    })),
  };
}

function colours(values) {
  const ramp = values.higher_is_worse === null ? CONTEXT : NEED;
  return values.higher_is_worse === false ? [...ramp].reverse() : ramp;
}

function fillExpression(values) {
  const ramp = colours(values);
  const step = ["step", ["to-number", ["feature-state", "value"]], ramp[0]];
  values.breaks.forEach((b, i) => step.push(b, ramp[i + 1]));
  return ["case", ["==", ["feature-state", "value"], null], NO_DATA, step];
}

function format(value, unit, locale) {
  if (value === null || value === undefined) return null;
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (unit === "%") return `${text} %`;
  return unit && unit !== "aantal" && unit !== "0-100" ? `${text} ${unit}` : text;
}

// The label of what the map shows: the chosen option, so it is in the page's language.
function labelOf(values) {
  const option = document.getElementById("m-indicator")?.selectedOptions[0];
  return option && option.value === values.indicator ? option.textContent.trim() : values.label;
}

// MapLibre's own texts (buttons, the canvas' name, gesture hints) in the page's language.
function uiStrings(el) {
  const t = el.dataset;
  return {
    "Map.Title": t.tMap,
    "NavigationControl.ZoomIn": t.tZoomIn,
    "NavigationControl.ZoomOut": t.tZoomOut,
    "AttributionControl.ToggleAttribution": t.tAttribution,
    "CooperativeGesturesHandler.MobileHelpText": t.tTwoFingers,
    "CooperativeGesturesHandler.WindowsHelpText": t.tCtrlScroll,
    "CooperativeGesturesHandler.MacHelpText": t.tMacScroll,
  };
}

function renderLegend(el, values, locale, indeling) {
  const ramp = colours(values);
  const list = el.querySelector("ul");
  list.replaceChildren();
  const bounds = [null, ...values.breaks, null];
  for (let i = 0; i < bounds.length - 1; i++) {
    const low = format(bounds[i], values.unit, locale);
    const high = format(bounds[i + 1], values.unit, locale);
    const label = low === null ? `< ${high}` : high === null ? `≥ ${low}` : `${low} – ${high}`;
    list.append(item(ramp[i], label));
  }
  list.append(item(NO_DATA, el.dataset.noData));
  // the year of the boundaries: a figure itself may be older (the ranking and region pages say which)
  el.querySelector(".legend-title").textContent = `${labelOf(values)} (${indeling.replace("YEAR", values.year)})`;
  const basis = el.querySelector(".legend-basis");
  if (basis) {
    basis.textContent = values.basis_note || "";
    basis.hidden = !values.basis_note;
  }
}

function item(colour, label) {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.setAttribute("aria-hidden", "true");
  swatch.style.background = colour; // CSSOM, not an inline style attribute in the HTML
  li.append(swatch, document.createTextNode(label));
  return li;
}

async function loadJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function applyValues(map, geojson, values) {
  const active = new Set(values.active || []);
  for (const f of geojson.features) {
    const code = f.properties.code;
    const value = values.values[code];
    map.setFeatureState({ source: "regions", id: code }, { value: value ?? null, active: active.has(code) });
  }
  map.setPaintProperty("regions-fill", "fill-color", fillExpression(values));
}

function hover(map, el, locale, getValues) {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  map.on("mousemove", "regions-fill", (e) => {
    const f = e.features[0];
    const values = getValues();
    const shown = format(values.values[f.properties.code], values.unit, locale) ?? el.dataset.noData;
    map.getCanvas().style.cursor = "pointer";
    const box = document.createElement("div");
    const strong = document.createElement("strong");
    strong.textContent = f.properties.name;
    box.append(strong, document.createElement("br"), document.createTextNode(`${labelOf(values)}: ${shown}`));
    if ((values.active || []).includes(f.properties.code)) {
      box.append(document.createElement("br"), document.createTextNode(el.dataset.tActive));
    }
    popup.setLngLat(e.lngLat).setDOMContent(box).addTo(map);
  });
  map.on("mouseleave", "regions-fill", () => {
    map.getCanvas().style.cursor = "";
    popup.remove();
  });
}

export async function start(el) {
  const locale = document.documentElement.lang || "nl";
  const form = document.getElementById("map-form");
  const legend = document.getElementById("map-legend");
  const [shapes, firstValues] = await Promise.all([
    loadJson(el.dataset.shapesUrl),
    loadJson(el.dataset.valuesUrl + window.location.search),
  ]);
  let values = firstValues;
  const geojson = decode(shapes);
  const map = new maplibregl.Map({
    container: el,
    style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef3f7" } }] },
    bounds: [3.3, 50.7, 7.3, 53.6],
    attributionControl: { customAttribution: el.dataset.tSource },
    locale: uiStrings(el),
    // one finger scrolls the page on a phone; two fingers (or Ctrl + scroll) move the map
    cooperativeGestures: true,
  });
  el.map = map; // for the browser tests: they project a known area to a pixel and click it
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.on("load", () => {
    map.addSource("regions", { type: "geojson", data: geojson, promoteId: "code" });
    map.addLayer({ id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": NO_DATA, "fill-opacity": 0.85 } });
    map.addLayer({ id: "regions-line", type: "line", source: "regions", paint: { "line-color": "#ffffff", "line-width": 0.4 } });
    map.addLayer({
      id: "regions-active",
      type: "line",
      source: "regions",
      paint: {
        "line-color": ACTIVE,
        "line-width": ["case", ["boolean", ["feature-state", "active"], false], 2.5, 0],
      },
    });
    applyValues(map, geojson, values);
    renderLegend(legend, values, locale, el.dataset.tIndeling);
    map.once("idle", () => { el.dataset.ready = "true"; });
  });
  hover(map, el, locale, () => values);
  map.on("click", "regions-fill", (e) => {
    const code = e.features[0].properties.code;
    window.location.href = el.dataset.regionUrl.replace("CODE", code);
  });
  form.addEventListener("change", async (event) => {
    if (event.target.name === "zoom") return zoomTo(map, event.target);
    if (event.target.name === "level") return form.submit();
    const params = new URLSearchParams(new FormData(form));
    params.delete("zoom");
    values = await loadJson(`${el.dataset.valuesUrl}?${params}`);
    applyValues(map, geojson, values);
    renderLegend(legend, values, locale, el.dataset.tIndeling);
    window.history.replaceState(null, "", `?${params}`);
  });
  return map;
}

function zoomTo(map, select) {
  const option = select.selectedOptions[0];
  if (!option || !option.dataset.bbox) return map.fitBounds([3.3, 50.7, 7.3, 53.6]);
  map.fitBounds(JSON.parse(option.dataset.bbox), { padding: 20 });
}

const el = document.getElementById("map");
if (el) {
  start(el).catch((error) => {
    el.dataset.error = String(error);
    document.getElementById("map-error").hidden = false;
  });
}
