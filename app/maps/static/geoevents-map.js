/* geoevents maps: places, events, legend, time slider, offline basemap.
 *
 * Everything that comes from an article (names, quotes, actors, titles) is put into the
 * page with textContent / createTextNode, never as HTML, so a quote containing
 * "<script>" shows as those characters. Links are only followed when they are http(s)
 * or a path on this service.
 */
(function () {
  "use strict";

  var SHAPES = {
    circle: '<circle cx="9" cy="9" r="6.5"/>',
    square: '<rect x="3" y="3" width="12" height="12" rx="1"/>',
    triangle: '<path d="M9 1.8 16.6 15.5H1.4Z"/>',
    diamond: '<path d="M9 1 17 9 9 17 1 9Z"/>',
    star: '<path d="M9 .8 11.2 6.2 17 6.6 12.5 10.3 14 16 9 12.9 4 16 5.5 10.3 1 6.6 6.8 6.2Z"/>',
    cross: '<path d="M3.3 1 9 6.7 14.7 1 17 3.3 11.3 9 17 14.7 14.7 17 9 11.3 3.3 17 1 14.7 6.7 9 1 3.3Z"/>',
    hexagon: '<path d="M5 1.5h8L17 9l-4 7.5H5L1 9Z"/>'
  };
  var HEX = /^#[0-9a-fA-F]{6}$/;
  var DAY = 86400000;

  function svg(style, size) {
    var shape = SHAPES[style.shape] || SHAPES.circle;
    var color = HEX.test(style.color) ? style.color : "#566573";
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="' + size +
      '" viewBox="0 0 18 18" fill="' + color + '" stroke="#fff" stroke-width="1.2">' +
      shape + "</svg>";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (/^https?:\/\//i.test(url)) return url;
    if (url.charAt(0) === "/" && url.charAt(1) !== "/" && url.charAt(1) !== "\\") return url;
    return null;
  }

  function link(url, text) {
    var href = safeHref(url);
    if (!href) return null;
    var a = el("a", "ge-link", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  /* A quote with the ranges [[start, end], ...] (relative to the text) highlighted. */
  function quote(text, marks) {
    var block = el("blockquote", "ge-evidence");
    var ranges = (marks || []).filter(function (m) {
      return Array.isArray(m) && m[0] >= 0 && m[1] > m[0] && m[1] <= text.length;
    }).sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (m) {
      if (m[0] < at) return;
      block.appendChild(document.createTextNode(text.slice(at, m[0])));
      block.appendChild(el("mark", null, text.slice(m[0], m[1])));
      at = m[1];
    });
    block.appendChild(document.createTextNode(text.slice(at)));
    return block;
  }

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) td.appendChild(value); else td.textContent = String(value);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function dateText(d) {
    if (!d || !d[0]) return null;
    return d[1] && d[1] !== d[0] ? d[0] + " \u2013 " + d[1] : d[0];
  }

  /* ---------- popups ---------- */

  function placePopup(p) {
    var box = el("div", "ge-popup ge-popup-place");
    box.appendChild(el("h3", null, p.name));
    var table = el("table");
    row(table, "type", p.feature_type);
    row(table, "country", p.country_code);
    if (p.mentions && p.mentions.length) {
      row(table, "named as", p.mentions.map(function (m) {
        return "\u201c" + m[0] + "\u201d" + (m[1] > 1 ? " \u00d7" + m[1] : "");
      }).join(", "));
    }
    if (p.role && p.role !== "place") {
      row(table, "role", p.role === "demonym" ? "only named by a nationality word" :
        p.role === "associative" ? "only named as a modifier" : p.role);
    }
    if (typeof p.score === "number") row(table, "confidence", Math.round(p.score * 100) + "%");
    row(table, "gazetteer", p.gazetteer_id);
    box.appendChild(table);
    return box;
  }

  function eventPopup(r, style) {
    var box = el("div", "ge-popup ge-popup-event");
    var head = el("h3");
    var icon = el("span", "ge-icon");
    icon.innerHTML = svg(style, 14); /* our own constant markup, no data from the article */
    head.appendChild(icon);
    head.appendChild(document.createTextNode(" " + (r.e || style.name)));
    box.appendChild(head);
    if (r.s) box.appendChild(el("div", "ge-subtype", r.s));
    if (r.q) box.appendChild(quote(r.q, r.m));
    var table = el("table");
    row(table, "date", dateText(r.d));
    row(table, "where", (r.l || []).join(", "));
    row(table, "actors", (r.a || []).join("; "));
    row(table, "fatalities", r.f);
    row(table, "according to", r.c);
    box.appendChild(table);
    var a = link(r.u, r.ut || "the article");
    if (a) {
      var p = el("p", "ge-source");
      p.appendChild(document.createTextNode("Source: "));
      p.appendChild(a);
      box.appendChild(p);
    }
    return box;
  }

  function cellPopup(c) {
    var box = el("div", "ge-popup ge-popup-cell");
    box.appendChild(el("h3", null, c.n.toLocaleString("en") + (c.n === 1 ? " event" : " events")));
    var table = el("table");
    row(table, "fatalities", (c.f || 0).toLocaleString("en"));
    row(table, "most often", c.e || "other");
    box.appendChild(table);
    box.appendChild(el("p", "ge-source", "Zoom in to see the events."));
    return box;
  }

  /* ---------- places ---------- */

  function pointStyle(faint) {
    return {
      className: "ge-place ge-place-point" + (faint ? " ge-faint" : ""),
      radius: 6, color: "#1b2631", weight: 1.5, opacity: faint ? 0.6 : 1,
      fillColor: "#fdfefe", fillOpacity: faint ? 0.4 : 0.95, dashArray: faint ? "3 3" : null
    };
  }

  function placeStyle(feature) {
    var p = feature.properties || {};
    var type = feature.geometry && feature.geometry.type;
    var faint = p.role === "demonym" || p.role === "associative";
    if (type === "Point" || type === "MultiPoint") return pointStyle(faint);
    if (type === "LineString" || type === "MultiLineString") {
      var river = p.feature_type === "river";
      var border = p.feature_type === "border";
      return {
        className: "ge-place ge-place-line" + (faint ? " ge-faint" : ""),
        color: river ? "#2e86c1" : border ? "#922b21" : "#5d6d7e",
        weight: river ? 4 : 3, opacity: faint ? 0.5 : 0.9,
        dashArray: border ? "8 5" : null
      };
    }
    var country = p.feature_type === "country";
    return {
      className: "ge-place ge-place-area" + (faint ? " ge-faint" : ""),
      color: country ? "#7b7d7d" : "#d35400", weight: country ? 1.2 : 2,
      fillColor: country ? "#f7dc6f" : "#f0b27a",
      fillOpacity: faint ? 0.05 : country ? 0.12 : 0.3,
      dashArray: faint ? "4 4" : null
    };
  }

  function places(collection) {
    return L.geoJSON(collection, {
      style: placeStyle,
      pointToLayer: function (feature, latlng) {
        var role = feature.properties && feature.properties.role;
        return L.circleMarker(latlng, pointStyle(role === "demonym" || role === "associative"));
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () { return placePopup(feature.properties || {}); },
          { maxWidth: 320 });
      }
    });
  }

  /* ---------- events ---------- */

  function dayOf(iso) {
    if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
    var t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
    return isNaN(t) ? null : Math.floor(t / DAY);
  }

  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  /* One layer per event type. Added to the map, it puts its markers into the shared
   * cluster (or straight on the map), so the layer control switches types on and off
   * while the clusters still count every visible type together. */
  var TypeGroup = L.Layer.extend({
    initialize: function (owner, style) {
      this._owner = owner;
      this.style = style;
      this.markers = [];
      this._shown = [];
    },
    onAdd: function (map) {
      this._map = map;
      this._show();
      this._owner._changed();
      this._owner._filtered();
    },
    onRemove: function () { this._hide(); this._owner._changed(); this._owner._filtered(); },
    visible: function () { return this._map ? this._shown : []; },
    setMarkers: function (markers) {
      this._hide();
      this.markers = markers;
      if (this._map) this._show();
    },
    refilter: function () { if (this._map) { this._hide(); this._show(); } },
    _target: function () { return this._owner.cluster || this._map; },
    _show: function () {
      var keep = this._owner.keep.bind(this._owner);
      this._shown = this.markers.filter(function (m) { return keep(m.record); });
      var target = this._target();
      if (target.addLayers) target.addLayers(this._shown);
      else this._shown.forEach(function (m) { target.addLayer(m); });
    },
    _hide: function () {
      var target = this._target();
      if (!target) return;
      if (target.removeLayers) target.removeLayers(this._shown);
      else this._shown.forEach(function (m) { target.removeLayer(m); });
      this._shown = [];
    }
  });

  function Events(map, options) {
    this.map = map;
    this.options = options;
    this.cluster = options.cluster || null;
    this.heat = options.heat || null;
    this.window = null; /* [firstDay, lastDay] shown, or null for all */
    this.groups = {};
    this.styles = {};
    var self = this;
    options.styles.forEach(function (s) {
      self.styles[s.key] = s;
      self.groups[s.key] = new TypeGroup(self, s);
    });
    this.icons = {};
    options.styles.forEach(function (s) {
      self.icons[s.key] = L.divIcon({
        className: "ge-event ge-event-" + s.key, html: svg(s, 18),
        iconSize: [18, 18], iconAnchor: [9, 9], popupAnchor: [0, -8]
      });
    });
    if (options.legend) this.legend = this._legend().addTo(map);
    if (options.records) this.setRecords(options.records);
    if (options.url) this._remote(options);
    if (this.heat) map.on("overlayadd", function (e) { if (e.layer === self.heat) self._heat(); });
  }

  Events.prototype.group = function (key) { return this.groups[key]; };

  Events.prototype.keep = function (r) {
    if (!this.window) return true;
    var a = r._d0, b = r._d1;
    if (a === null) return true; /* undated events are never hidden by the slider */
    return a <= this.window[1] && b >= this.window[0];
  };

  Events.prototype.setRecords = function (records) {
    var self = this;
    var byType = {};
    Object.keys(this.groups).forEach(function (k) { byType[k] = []; });
    records.forEach(function (r) {
      if (!Array.isArray(r.p) || r.p.length !== 2) return;
      var key = self.groups[r.t] ? r.t : "other";
      var d = r.d || [];
      r._d0 = dayOf(d[0]);
      r._d1 = dayOf(d[1] || d[0]);
      if (r._d1 === null) r._d1 = r._d0;
      var style = self.styles[key];
      var marker = L.marker(r.p, { icon: self.icons[key], keyboard: false, riseOnHover: true });
      marker.record = r;
      marker.bindPopup(function () { return eventPopup(r, style); }, { maxWidth: 360 });
      byType[key].push(marker);
    });
    this.records = records;
    Object.keys(byType).forEach(function (k) { self.groups[k].setMarkers(byType[k]); });
    if (this.options.slider && !this.slider) this.slider = this._slider().addTo(this.map);
    if (this.slider) this.slider.update(records);
    this._changed();
  };

  /* Zoomed out: the events counted per grid cell, one circle per cell at its events'
   * mean position, sized by its count and coloured by its most frequent event type;
   * ``types``: the same events counted per style key, for the legend.
   * ``cells`` null: back to the events. */
  Events.prototype.setCells = function (cells, total, types) {
    if (!this.cellLayer) this.cellLayer = L.featureGroup();
    this.cellLayer.clearLayers();
    if (cells === null) {
      this.map.removeLayer(this.cellLayer);
      this.aggregated = null;
      this._changed();
      return;
    }
    this.cellLayer.addTo(this.map);
    var self = this;
    var most = cells.reduce(function (m, c) { return Math.max(m, c.n); }, 1);
    cells.forEach(function (c) {
      if (!Array.isArray(c.p) || c.p.length !== 2) return;
      var style = self.styles[c.t] || self.styles.other;
      var marker = L.circleMarker(c.p, {
        className: "ge-cell ge-cell-" + style.key, radius: 5 + 15 * Math.sqrt(c.n / most),
        color: "#fff", weight: 1, fillColor: HEX.test(style.color) ? style.color : "#566573",
        fillOpacity: 0.7
      }).addTo(self.cellLayer);
      marker.bindTooltip(el("span", null, c.n.toLocaleString("en") + " events"));
      marker.bindPopup(function () { return cellPopup(c); }, { maxWidth: 320 });
      var path = marker.getElement();
      if (path) path.setAttribute("data-count", String(c.n));
    });
    this.aggregated = { events: total, cells: cells.length, types: types || {} };
    this._changed();
  };

  Events.prototype.setWindow = function (window) {
    var before = this.window;
    this.window = window;
    var self = this;
    Object.keys(this.groups).forEach(function (k) { self.groups[k].refilter(); });
    this._changed();
    if (String(before) !== String(window)) this._filtered();
  };

  /* The type toggles or the time window changed: zoomed out, the cells are counted
   * again by the service (``_remote`` sets ``_refetch``). */
  Events.prototype._filtered = function () {
    if (this._refetch) this._refetch();
  };

  /* The ACLED types to count in cell mode: null for the page's own filter (every type
   * on), else the names switched on within the page's ``event_type`` (never wider).
   * "Other" (no ACLED type) cannot be asked for by name, so with some types off its
   * events are not counted. */
  Events.prototype.cellTypes = function () {
    var self = this;
    var keys = Object.keys(this.groups);
    var on = keys.filter(function (k) { return !!self.groups[k]._map; });
    if (on.length === keys.length) return null;
    var q = (this.options.query || {}).event_type;
    var allowed = q ? q.split(",").map(function (t) { return t.trim().toLowerCase(); }) : null;
    return on.filter(function (k) { return k !== "other"; })
      .map(function (k) { return self.styles[k].name; })
      .filter(function (name) { return !allowed || allowed.indexOf(name.toLowerCase()) >= 0; });
  };

  /* The slider's window as [start, end] ISO dates within the page's ``start``/``end``
   * (null: all dates; [] when the window is outside them). */
  Events.prototype.cellWindow = function () {
    if (!this.window) return null;
    var q = this.options.query || {};
    var lo = dayOf(q.start), hi = dayOf(q.end);
    var first = lo === null ? this.window[0] : Math.max(lo, this.window[0]);
    var last = hi === null ? this.window[1] : Math.min(hi, this.window[1]);
    return first > last ? [] : [isoOf(first), isoOf(last)];
  };

  Events.prototype._changed = function () {
    if (this.legend) this.legend.update();
    this._heat();
  };

  Events.prototype._heat = function () {
    if (!this.heat || !this.heat._map) return;
    var points = [];
    var self = this;
    Object.keys(this.groups).forEach(function (k) {
      self.groups[k].visible().forEach(function (m) {
        var r = m.record;
        points.push([r.p[0], r.p[1], 1 + Math.log(1 + (r.n || 0))]);
      });
    });
    this.heat.setLatLngs(points);
  };

  Events.prototype._legend = function () {
    var self = this;
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "ge-legend leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var title = el("div", "ge-legend-title", "Events");
        box.appendChild(title);
        this._title = title;
        this._counts = {};
        var counts = this._counts;
        self.options.styles.forEach(function (s) {
          var line = el("div", "ge-legend-row ge-legend-" + s.key);
          var icon = el("span", "ge-icon");
          icon.innerHTML = svg(s, 14);
          line.appendChild(icon);
          line.appendChild(el("span", "ge-legend-name", s.name));
          counts[s.key] = el("span", "ge-legend-count", "0");
          line.appendChild(counts[s.key]);
          box.appendChild(line);
        });
        if (self.options.placesLegend) placeRows(box);
        this._note = el("div", "ge-legend-note");
        box.appendChild(this._note);
        return box;
      },
      update: function () {
        var counts = this._counts;
        if (!counts) return;
        var cells = self.aggregated;
        this._title.textContent = cells ? "Aggregated: " + cells.events.toLocaleString("en") +
          " events in " + cells.cells.toLocaleString("en") + " cells" : "Events";
        this._title.setAttribute("data-ge-events", cells ? String(cells.events) : "");
        Object.keys(self.groups).forEach(function (k) {
          var g = self.groups[k];
          var n = cells ? cells.types[k] || 0 : g._map ? g.visible().length : 0;
          counts[k].textContent = n.toLocaleString("en");
          counts[k].parentNode.classList.toggle("ge-empty", !cells && g.markers.length === 0);
        });
      },
      note: function (text) { this._note.textContent = text || ""; }
    });
    return new Legend();
  };

  /* ---------- places legend ---------- */

  function placeRows(box) {
    box.appendChild(el("div", "ge-legend-title", "Places"));
    [["ge-swatch-point", "town, village, point"], ["ge-swatch-line", "river"],
      ["ge-swatch-border", "border"], ["ge-swatch-area", "area"],
      ["ge-swatch-country", "country"]].forEach(function (item) {
      var line = el("div", "ge-legend-row");
      line.appendChild(el("span", "ge-swatch " + item[0]));
      line.appendChild(el("span", "ge-legend-name", item[1]));
      box.appendChild(line);
    });
  }

  function placesLegend(map) {
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "ge-legend leaflet-bar");
        placeRows(box);
        return box;
      }
    });
    return new Legend().addTo(map);
  }

  /* A time slider: the last day shown and how many days before it; play steps a day. */
  Events.prototype._slider = function () {
    var self = this;
    var Slider = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "ge-slider leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        this._play = el("button", "ge-play", "\u25b6");
        this._play.type = "button";
        this._play.title = "Play";
        this._range = el("input", "ge-range");
        this._range.type = "range";
        this._range.setAttribute("aria-label", "last day shown");
        this._span = el("select", "ge-span");
        this._span.setAttribute("aria-label", "days shown");
        [["all", "all dates"], ["1", "1 day"], ["7", "7 days"], ["30", "30 days"],
          ["365", "1 year"]].forEach(function (o) {
          var opt = el("option", null, o[1]);
          opt.value = o[0];
          this._span.appendChild(opt);
        }, this);
        this._label = el("span", "ge-date");
        box.appendChild(this._play);
        box.appendChild(this._range);
        box.appendChild(this._span);
        box.appendChild(this._label);
        var apply = this._apply.bind(this);
        this._range.addEventListener("input", apply);
        this._span.addEventListener("change", apply);
        this._play.addEventListener("click", this._toggle.bind(this));
        return box;
      },
      update: function (records) {
        var days = [];
        records.forEach(function (r) {
          if (r._d0 !== null) days.push(r._d0);
          if (r._d1 !== null) days.push(r._d1);
        });
        var q = self.options.query || {};
        var lo = dayOf(q.start), hi = dayOf(q.end);
        /* no events drawn (cell mode): the stored events' dates, given by the page */
        var dates = self.options.dates || [];
        var first = days.length ? Math.min.apply(null, days) : dayOf(dates[0]);
        var last = days.length ? Math.max.apply(null, days) : dayOf(dates[1]);
        if (lo === null) lo = first;
        if (hi === null) hi = last;
        this.getContainer().classList.toggle("ge-hidden", lo === null);
        if (lo === null) return;
        var atEnd = !this._ready || this._range.value === this._range.max;
        this._range.min = lo;
        this._range.max = hi;
        if (atEnd) this._range.value = hi;
        this._ready = true;
        this._apply();
      },
      _apply: function () {
        var last = +this._range.value;
        var span = this._span.value;
        if (span === "all") {
          self.setWindow(null);
          this._label.textContent = isoOf(+this._range.min) + " \u2013 " + isoOf(+this._range.max);
          this._range.disabled = true;
        } else {
          var first = last - (+span) + 1;
          self.setWindow([first, last]);
          this._label.textContent = span === "1" ? isoOf(last) : isoOf(first) + " \u2013 " + isoOf(last);
          this._range.disabled = false;
        }
      },
      _toggle: function () {
        if (this._timer) {
          clearInterval(this._timer);
          this._timer = null;
          this._play.textContent = "\u25b6";
          return;
        }
        if (this._span.value === "all") this._span.value = "7";
        if (+this._range.value >= +this._range.max) this._range.value = this._range.min;
        var me = this;
        this._play.textContent = "\u275a\u275a";
        this._apply();
        this._timer = setInterval(function () {
          if (+me._range.value >= +me._range.max) { me._toggle(); return; }
          me._range.value = +me._range.value + 1;
          me._apply();
        }, 700);
      }
    });
    return new Slider();
  };

  /* Large layers: ask the service for the events in the visible area (with a margin)
   * and the query's time window, again when the view leaves the area fetched. Zoomed
   * out (cells), the legend's type toggles and the slider's window are part of the
   * request, asked again a moment after they last changed. */
  Events.prototype._remote = function (options) {
    var self = this;
    var map = this.map;
    var fetched = null, complete = false, timer = null, pending = null;
    function bbox(bounds) {
      var w = Math.max(-180, bounds.getWest()), e = Math.min(180, bounds.getEast());
      var s = Math.max(-90, bounds.getSouth()), n = Math.min(90, bounds.getNorth());
      if (e - w >= 360 || w >= e) { w = -180; e = 180; }
      return [w, s, e, n].map(function (x) { return x.toFixed(4); }).join(",");
    }
    var requested = null, mode = null, zoomed = null, counted = null;
    var byCell = options.cells || null; /* below a zoom: counts per grid cell */
    function cellZoom() { return !!byCell && Math.round(map.getZoom()) < byCell.below; }
    function cellNote() {
      var types = self.cellTypes();
      var other = types !== null && self.groups.other && self.groups.other._map;
      return "circles: events per cell, coloured by their most frequent type; zoom in " +
        "for the events" +
        (other ? " (events of no ACLED type are counted only with every type on)" : "");
    }
    function load() {
      var view = map.getBounds();
      var zoom = Math.round(map.getZoom());
      var cells = cellZoom();
      var q = options.query || {};
      var types = null, days = null, filters = "";
      if (cells) {
        if (mode !== "cells") self.setRecords([]); /* the slider: the stored events' dates */
        types = self.cellTypes();
        days = self.cellWindow();
        filters = String(types) + "|" + String(days);
      }
      var same = fetched && fetched.contains(view) && mode === (cells ? "cells" : "events");
      if (same && (cells ? zoom === zoomed && filters === counted : complete)) return;
      var area = view.pad(0.3);
      var params = new URLSearchParams();
      Object.keys(q).forEach(function (k) { if (q[k]) params.set(k, q[k]); });
      params.set("bbox", bbox(area));
      if (cells) {
        params.set("zoom", String(zoom));
        if (types !== null) params.set("event_type", types.join(","));
        if (days && days.length) {
          params.set("start", days[0]);
          params.set("end", days[1]);
        }
      } else params.set("limit", String(options.limit || 5000));
      var url = (cells ? byCell.url : options.url) + "?" + params.toString();
      if (url === requested) return;
      if (pending) pending.abort();
      pending = null;
      if (cells && ((types && !types.length) || (days && !days.length))) {
        /* no type switched on, or a window outside the page's dates: nothing to count */
        requested = url;
        show({ cells: [], numberMatched: 0, types: {} }, true, area, zoom, filters);
        return;
      }
      requested = url;
      pending = new AbortController();
      if (self.legend) self.legend.note("loading\u2026");
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          pending = null;
          show(data, cells, area, zoom, filters);
        })
        .catch(function (err) {
          if (err.name === "AbortError") return;
          requested = null;
          if (self.legend) self.legend.note("events could not be loaded (" + err.message + ")");
        });
    }
    function show(data, cells, area, zoom, filters) {
      fetched = area;
      zoomed = zoom;
      var box = map.getContainer();
      if (cells) {
        mode = "cells";
        counted = filters;
        complete = false;
        if (self.records && self.records.length) self.setRecords([]);
        self.setCells(data.cells || [], data.numberMatched, data.types);
        if (self.legend) self.legend.note(cellNote());
        box.removeAttribute("data-ge-loaded");
        box.setAttribute("data-ge-cells", String((data.cells || []).length));
        box.setAttribute("data-ge-mode", "cells");
        return;
      }
      mode = "events";
      box.removeAttribute("data-ge-cells");
      box.setAttribute("data-ge-mode", "events");
      complete = data.complete === true;
      self.setCells(null);
      self.setRecords(data.records || []);
      if (self.legend) {
        var of = typeof data.numberMatched === "number" ?
          " of " + data.numberMatched.toLocaleString("en") : "";
        self.legend.note(complete ? "" : "showing " + data.numberReturned.toLocaleString("en") +
          of + " events here: zoom in for all");
      }
      map.getContainer().setAttribute("data-ge-loaded", String(data.numberReturned));
    }
    map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    /* a toggle or the slider, zoomed out: once they have been still for 300 ms */
    this._refetch = function () {
      if (!cellZoom()) return;
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    };
    /* after the page's script has set the first view (fitBounds) */
    map.whenReady(function () { timer = setTimeout(load, 0); });
  };

  /* ---------- offline basemap ---------- */

  function outlines(map, source, attribution) {
    map.createPane("ge-basemap");
    map.getPane("ge-basemap").style.zIndex = 150;
    map.getContainer().classList.add("ge-offline");
    var layer = L.geoJSON(null, {
      pane: "ge-basemap",
      interactive: false,
      renderer: L.canvas({ pane: "ge-basemap", padding: 0.5 }),
      style: { color: "#a6acaf", weight: 0.8, fillColor: "#fbfaf6", fillOpacity: 1 },
      attribution: attribution
    });
    if (typeof source === "string") {
      fetch(source)
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          layer.addData(data);
          map.getContainer().setAttribute("data-ge-basemap", "loaded");
        })
        .catch(function () { map.getContainer().setAttribute("data-ge-basemap", "failed"); });
    } else if (source) {
      layer.addData(source);
      map.getContainer().setAttribute("data-ge-basemap", "loaded");
    }
    return layer;
  }

  window.GeoEvents = {
    places: places,
    placesLegend: placesLegend,
    events: function (map, options) { return new Events(map, options); },
    outlines: outlines,
    svg: svg,
    _quote: quote,
    _safeHref: safeHref
  };
})();
