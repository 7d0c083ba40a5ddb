"""The gazetteer: sources, name normalisation, the built index and lookups."""
