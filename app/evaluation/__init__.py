"""Evaluation of the geoparser on public annotated corpora and on ACLED's notes.

``corpora`` reads the corpus files, ``metrics`` scores spans (and imports nothing
from the pipeline), ``corpus_scores`` turns results into predictions and holds the
report; ``acled`` and ``acled_scores`` do the same for ACLED. Running the geoparser over
them is a use case: ``app.services.corpus_eval``, ``app.services.acled_eval``.
"""
