# Mirrors the README: install the project, build the gazetteer, run `geoevents serve`.
FROM python:3.11-slim
WORKDIR /srv/geoevents
ENV GEOEVENTS_DATA_DIR=/var/lib/geoevents \
    GEOEVENTS_HOST=0.0.0.0 \
    PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY app ./app
COPY geodata ./geodata
COPY examples ./examples
RUN python -m pip install --upgrade pip && python -m pip install -e .
# Natural Earth comes from its own download at build time (or mount a copy at
# /srv/shared/geodata/naturalearth and drop the download step).
RUN geoevents gazetteer download && geoevents gazetteer build --if-missing
EXPOSE 8000
CMD ["geoevents", "serve"]
