"""Geoparsing: text extraction, place-name recognition, resolution, the pipeline."""
