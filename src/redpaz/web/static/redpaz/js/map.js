/* RedPaz maps: Leaflet with no tile server. The base layer is drawn from stored boundaries, so
 * maps work offline. Each <div class="map" data-geojson="URL"> becomes a map:
 *   data-geojson       FeatureCollection to draw; properties: name, url, fill, tooltip
 *   data-base-geojson  optional outlines drawn underneath in grey (context)
 *   data-labels        "1" to print names on the map (for a few large zones)
 *   data-legend        id of an element whose HTML is the legend
 *   data-highlight     feature id to outline in the accent colour
 * Point features are drawn as circles (properties: fill, stroke, radius), not image markers.
 */
(function () {
  "use strict";

  var BASE_STYLE = { color: "#8a99a6", weight: 0.8, fillColor: "#e4ebef", fillOpacity: 1 };

  function featureStyle(feature, highlightId) {
    var p = feature.properties || {};
    var highlighted = highlightId && String(feature.id) === String(highlightId);
    return {
      color: highlighted ? "#c2410c" : (p.stroke || "#0f5c6e"),
      weight: highlighted ? 3 : (p.weight || 1.2),
      fillColor: p.fill || "#9fc5cf",
      fillOpacity: p.fill_opacity !== undefined ? p.fill_opacity : 0.55
    };
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      });
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function init(el) {
    var map = L.map(el, { zoomSnap: 0.25, preferCanvas: el.dataset.canvas === "1", attributionControl: true });
    map.attributionControl.setPrefix(false);
    if (el.dataset.attribution) { map.attributionControl.addAttribution(escapeHTML(el.dataset.attribution)); }
    map.setView([4.6, -74.1], 5);
    var highlightId = el.dataset.highlight;
    var basePromise = el.dataset.baseGeojson ? fetchJSON(el.dataset.baseGeojson) : Promise.resolve(null);

    basePromise.then(function (base) {
      if (base) {
        L.geoJSON(base, { style: BASE_STYLE, interactive: false }).addTo(map);
      }
      return fetchJSON(el.dataset.geojson);
    }).then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) { return featureStyle(f, highlightId); },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: (f.properties && f.properties.radius) || 6 });
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties || {};
          var tip = p.tooltip || p.name || "";
          if (tip) {
            lyr.bindTooltip(escapeHTML(tip).replace(/\n/g, "<br>"), { sticky: true });
          }
          if (p.url) {
            lyr.on("click", function () { window.location.href = p.url; });
            lyr.on("keypress", function (e) { if (e.originalEvent.key === "Enter") { window.location.href = p.url; } });
          }
          lyr.on("mouseover", function () { lyr.setStyle({ weight: 2.5 }); });
          lyr.on("mouseout", function () { layer.resetStyle(lyr); });
        }
      }).addTo(map);
      if (el.dataset.labels === "1") {
        data.features.forEach(function (f) {
          var p = f.properties || {};
          if (p.label_lat !== undefined && p.label_lat !== null) {
            L.tooltip({ permanent: true, direction: "center", className: "map-label", interactive: false })
              .setLatLng([p.label_lat, p.label_lon]).setContent(escapeHTML(p.short_name || p.name)).addTo(map);
          }
        });
      }
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); }
      el.dataset.ready = "1";
      el.dispatchEvent(new CustomEvent("redpaz:map-ready", { detail: { map: map, layer: layer } }));
    }).catch(function (err) {
      el.dataset.ready = "error";
      el.insertAdjacentHTML("beforeend", '<p class="error" role="alert" style="position:relative;z-index:1000;background:#fff;padding:.5rem">' +
        escapeHTML(el.dataset.errorText || "The map could not be loaded.") + " (" + escapeHTML(err.message) + ")</p>");
    });

    if (el.dataset.legend) {
      var source = document.getElementById(el.dataset.legend);
      if (source) {
        var legend = L.control({ position: "bottomright" });
        legend.onAdd = function () {
          var div = L.DomUtil.create("div", "map-legend");
          div.innerHTML = source.innerHTML;
          return div;
        };
        legend.addTo(map);
      }
    }
    return map;
  }

  window.RedPazMap = { init: init };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map[data-geojson]").forEach(init);
  });
})();
