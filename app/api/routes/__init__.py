"""One router per resource. ``ROUTERS`` lists the modules ``create_app`` includes, in order;
a new resource adds its module name here."""

ROUTERS = (
    "health",
    "geoparse",
    "geocode",
    "articles",
    "layers",
    "maps",
    "ogc",
    "ogc_tiles",
    "events",
)
