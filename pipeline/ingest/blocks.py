"""What kind of block a line of text is: heading, list item or paragraph."""

from __future__ import annotations

from functools import cache

import regex

from pipeline.ingest.resources import read_json


def _any_of(patterns: list[str]) -> regex.Pattern:
    """One regex that matches where any of `patterns` matches (one call per line, not one
    per pattern)."""
    return regex.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@cache
def _patterns() -> dict:
    config = read_json("block_patterns.json")
    return {
        "heading": _any_of(config["heading"]),
        "list_item": _any_of(config["list_item"]),
        "heading_max_chars": config["heading_max_chars"],
        "uppercase_heading_max_chars": config["uppercase_heading_max_chars"],
    }


def starts_list_item(line: str) -> bool:
    return _patterns()["list_item"].match(line) is not None


_NOT_LETTERS = regex.compile(r"\P{L}+")


def letters_of(text: str) -> str:
    return _NOT_LETTERS.sub("", text)


def is_uppercase_line(line: str, min_letters: int = 3) -> bool:
    letters = letters_of(line)
    return len(letters) >= min_letters and letters.isupper()


def starts_new_block(line: str) -> bool:
    """Whether a line cannot be the continuation of the paragraph above it."""
    line = line.strip()
    return (starts_list_item(line) or is_uppercase_line(line, min_letters=10)
            or _patterns()["heading"].match(line) is not None)


def classify_line(line: str) -> str:
    """'heading', 'list_item' or 'paragraph' for one stripped line (or joined paragraph)."""
    patterns = _patterns()
    line = line.strip()
    if len(line) <= patterns["heading_max_chars"] and patterns["heading"].match(line):
        return "heading"
    if len(line) <= patterns["uppercase_heading_max_chars"] and is_uppercase_line(line):
        return "heading"
    if starts_list_item(line):
        return "list_item"
    return "paragraph"
