"""Geometry helpers (shapely): distances, GeoJSON conversion."""
