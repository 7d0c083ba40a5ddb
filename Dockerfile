# geoevents: the API on 0.0.0.0:8000, the gazetteer index built into the image
# (/opt/geoevents/gazetteer, read-only), the SQLite store on a volume (/var/lib/geoevents).
#
#   docker build -t geoevents .                         # Natural Earth from its server
#   docker build --build-context naturalearth=DIR -t geoevents .   # from DIR, no download
#   docker run -p 127.0.0.1:8000:8000 -v geoevents-store:/var/lib/geoevents geoevents
#
# DIR holds the Natural Earth layers as `geoevents gazetteer download` leaves them
# (ne_10m_*.zip / .shp / .geojson files); with BuildKit's named context it replaces
# the `naturalearth` stage below, whose download is then never run. Needs BuildKit (the
# default builder since Docker 23). Packages come from PyPI, or from a mirror given with
# --build-arg PIP_INDEX_URL=...; requirements.lock's hashes hold either way. See docs/deploy.md.

FROM python:3.11-slim AS base
ARG PIP_INDEX_URL=https://pypi.org/simple
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /opt/geoevents/src
# Every dependency pinned and hashed (make lock); pip refuses anything else.
COPY requirements.lock ./
RUN python -m pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY geodata ./geodata
COPY app ./app
# Editable, so that the curated layer is found in ./geodata beside the code.
RUN python -m pip install --no-deps --no-build-isolation -e . && python -m pip check

# Natural Earth fetched from the network, only when no `naturalearth` build context is given.
FROM base AS naturalearth-download
RUN geoevents gazetteer download --dest /naturalearth

FROM scratch AS naturalearth
COPY --from=naturalearth-download /naturalearth/ /

FROM base AS runtime
ENV GEOEVENTS_DATA_DIR=/opt/geoevents/gazetteer \
    GEOEVENTS_STORE_DIR=/var/lib/geoevents \
    GEOEVENTS_HOST=0.0.0.0 \
    GEOEVENTS_PORT=8000
# Natural Earth is mounted for this step only (the index carries what it needs), and the
# build stops here if the index came out incomplete (no Natural Earth layers found).
RUN --mount=type=bind,from=naturalearth,target=/mnt/naturalearth \
    GEOEVENTS_NATURALEARTH_DIR=/mnt/naturalearth geoevents gazetteer build \
    && geoevents gazetteer status --check
RUN groupadd --system --gid 10001 geoevents \
    && useradd --system --uid 10001 --gid geoevents --create-home \
        --home-dir /home/geoevents --shell /usr/sbin/nologin geoevents \
    && mkdir -p /var/lib/geoevents \
    && chown geoevents:geoevents /var/lib/geoevents
# Owned by the user before VOLUME, so a new named volume starts with that ownership.
VOLUME ["/var/lib/geoevents"]
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=4)"]
CMD ["geoevents", "serve"]
