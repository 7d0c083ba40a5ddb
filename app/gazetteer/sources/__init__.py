"""Gazetteer sources. Each yields ``Record`` values; none writes the index itself."""
