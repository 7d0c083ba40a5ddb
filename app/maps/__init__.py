"""Folium (Leaflet) maps of the FeatureCollections the geoparser and the store produce.

Pure rendering: the functions here draw the collections they are given and never read
the store. Every script, style sheet and image the pages use is served by the service
itself (``assets``); nothing is loaded from a CDN.

- ``render.render_map(collection, ...)``: the HTML page;
- ``records``: features made into the small records the page script draws;
- ``basemap``: the basemap choices (online tiles, or offline Natural Earth outlines);
- ``assets``: the static files (Leaflet and plugins from their PyPI packages, our script);
- ``csp``: the Content-Security-Policy of a rendered page.

Folium is imported by ``render`` only, so importing this package stays cheap.
"""
