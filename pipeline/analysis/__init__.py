"""Analyses over a finished store (OUT/baocao.duckdb): digit screening."""
