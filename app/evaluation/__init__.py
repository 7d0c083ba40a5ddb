"""Evaluation of the geoparser on public annotated corpora.

``corpora`` reads the corpus files, ``metrics`` scores spans (and imports nothing
from the pipeline), ``runner`` runs the pipeline over a corpus and builds the report.
"""
