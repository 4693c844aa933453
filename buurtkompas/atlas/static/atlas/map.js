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
  const classes = el.querySelector(".legend-classes");
  if (classes) classes.textContent = values.classes_note || "";
  // No figures at all: only the grey of "no figure", never a class bound of null.
  const bounds = values.count ? [null, ...values.breaks, null] : [];
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

// What an area shows in its popup: name, value, and (after a tap) a link to its page.
function areaBox(el, f, values, locale, withLink) {
  const shown = format(values.values[f.properties.code], values.unit, locale) ?? el.dataset.noData;
  const box = document.createElement("div");
  const strong = document.createElement("strong");
  strong.textContent = f.properties.name;
  box.append(strong, document.createElement("br"), document.createTextNode(`${labelOf(values)}: ${shown}`));
  if ((values.active || []).includes(f.properties.code)) {
    box.append(document.createElement("br"), document.createTextNode(el.dataset.tActive));
  }
  if (withLink) {
    const link = document.createElement("a");
    link.href = el.dataset.regionUrl.replace("CODE", f.properties.code);
    link.textContent = el.dataset.tOpen;
    link.className = "popup-link";
    box.append(document.createElement("br"), link);
  }
  return box;
}

// A mouse shows the value on hover and opens the page on click; a finger has no hover, so a
// tap first shows name, value and a link, and the link opens the page.
const TOUCH = window.matchMedia("(hover: none)");

function hover(map, el, locale, getValues) {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  const tapped = new maplibregl.Popup({ closeButton: true, closeOnClick: true, maxWidth: "16rem" });
  map.on("mousemove", "regions-fill", (e) => {
    if (TOUCH.matches) return;
    map.getCanvas().style.cursor = "pointer";
    popup.setLngLat(e.lngLat).setDOMContent(areaBox(el, e.features[0], getValues(), locale, false)).addTo(map);
  });
  map.on("mouseleave", "regions-fill", () => {
    map.getCanvas().style.cursor = "";
    popup.remove();
  });
  map.on("click", "regions-fill", (e) => {
    const f = e.features[0];
    if (TOUCH.matches || el.dataset.tap === "true") {
      tapped.setLngLat(e.lngLat).setDOMContent(areaBox(el, f, getValues(), locale, true)).addTo(map);
      return;
    }
    window.location.href = el.dataset.regionUrl.replace("CODE", f.properties.code);
  });
}

// Gemeente borders and names from the loaded boundaries, so Rotterdam's wijken are told from
// Schiedam's without any tile server. Names show when zoomed in far enough to read them.
function gemeenteLayer(map, shapes) {
  const gemeenten = decode(shapes);
  map.addSource("gemeenten", { type: "geojson", data: gemeenten, promoteId: "code" });
  map.addLayer({ id: "gemeenten-line", type: "line", source: "gemeenten", paint: { "line-color": "#4d4d4d", "line-width": 1.2 } });
  const labels = gemeenten.features.map((f) => {
    const label = document.createElement("span");
    label.className = "map-label";
    label.textContent = f.properties.name;
    label.setAttribute("aria-hidden", "true");
    return new maplibregl.Marker({ element: label }).setLngLat(labelPoint(f.geometry));
  });
  const show = () => {
    const visible = map.getZoom() >= 8.5;
    for (const marker of labels) visible ? marker.addTo(map) : marker.remove();
  };
  map.on("zoomend", show);
  show();
}

function labelPoint(geometry) {
  // the middle of the bounding box of the largest polygon: good enough for a name
  let best = null;
  let bestArea = -1;
  for (const polygon of geometry.coordinates) {
    const xs = polygon[0].map((p) => p[0]);
    const ys = polygon[0].map((p) => p[1]);
    const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (area > bestArea) {
      bestArea = area;
      best = [(Math.max(...xs) + Math.min(...xs)) / 2, (Math.max(...ys) + Math.min(...ys)) / 2];
    }
  }
  return best;
}

function baseStyle(el) {
  const background = { id: "bg", type: "background", paint: { "background-color": "#eef3f7" } };
  if (!el.dataset.basemapUrl) return { version: 8, sources: {}, layers: [background] };
  return {
    version: 8,
    sources: {
      basemap: { type: "raster", tiles: [el.dataset.basemapUrl], tileSize: 256, attribution: el.dataset.basemapAttribution },
    },
    layers: [background, { id: "basemap", type: "raster", source: "basemap" }],
  };
}

export async function start(el) {
  const locale = document.documentElement.lang || "nl";
  const form = document.getElementById("map-form");
  const legend = document.getElementById("map-legend");
  const [shapes, firstValues, gemeenteShapes] = await Promise.all([
    loadJson(el.dataset.shapesUrl),
    // what the form shows (the server may have replaced an indicator without figures here)
    loadJson(`${el.dataset.valuesUrl}?${formParams(form)}`),
    el.dataset.gemeentenUrl ? loadJson(el.dataset.gemeentenUrl) : Promise.resolve(null),
  ]).catch((error) => {
    throw new DataError(error.message);
  });
  let values = firstValues;
  const geojson = decode(shapes);
  const map = new maplibregl.Map({
    container: el,
    style: baseStyle(el),
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
    if (gemeenteShapes && el.dataset.level !== "gemeente") gemeenteLayer(map, gemeenteShapes);
    applyValues(map, geojson, values);
    renderLegend(legend, values, locale, el.dataset.tIndeling);
    map.once("idle", () => {
      el.dataset.ready = "true";
      document.getElementById("map-loading").hidden = true;
    });
  });
  hover(map, el, locale, () => values);
  form.addEventListener("change", async (event) => {
    if (event.target.name === "zoom") return zoomTo(map, event.target);
    if (event.target.name === "level") return form.submit();
    const params = formParams(form);
    values = await loadJson(`${el.dataset.valuesUrl}?${params}`);
    applyValues(map, geojson, values);
    renderLegend(legend, values, locale, el.dataset.tIndeling);
    window.history.replaceState(null, "", `?${params}`);
  });
  return map;
}

function formParams(form) {
  const params = new URLSearchParams(new FormData(form));
  params.delete("zoom");
  return params;
}

function zoomTo(map, select) {
  const option = select.selectedOptions[0];
  if (!option || !option.dataset.bbox) return map.fitBounds([3.3, 50.7, 7.3, 53.6]);
  map.fitBounds(JSON.parse(option.dataset.bbox), { padding: 20 });
}

class DataError extends Error {}

const el = document.getElementById("map");
if (el) {
  start(el).catch((error) => {
    el.dataset.error = String(error);
    document.getElementById("map-loading").hidden = true;
    const message = document.getElementById("map-error");
    // Say what went wrong: missing data is not the browser's fault.
    message.textContent =
      error instanceof DataError ? `${el.dataset.tErrorData} ${error.message}` : el.dataset.tErrorWebgl;
    message.hidden = false;
  });
}
