"""geoevents: places, geometries and events from news text, served as GeoJSON and maps."""

__version__ = "0.1.0"
