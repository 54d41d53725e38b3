"""Accuracy harness: scores what the pipeline extracts against hand-made gold annotations.

Run as `python -m evaluation` (what `make eval` calls). Gold format: tests/gold/GUIDELINES.md.
"""
