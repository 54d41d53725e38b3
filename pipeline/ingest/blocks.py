"""What kind of block a line of text is: heading, list item or paragraph."""

from __future__ import annotations

from functools import cache

import regex

from pipeline.ingest.resources import read_json


@cache
def _patterns() -> dict:
    config = read_json("block_patterns.json")
    return {
        "heading": [regex.compile(p) for p in config["heading"]],
        "list_item": [regex.compile(p) for p in config["list_item"]],
        "heading_max_chars": config["heading_max_chars"],
        "uppercase_heading_max_chars": config["uppercase_heading_max_chars"],
    }


def starts_list_item(line: str) -> bool:
    return any(p.match(line) for p in _patterns()["list_item"])


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
            or any(p.match(line) for p in _patterns()["heading"]))


def classify_line(line: str) -> str:
    """'heading', 'list_item' or 'paragraph' for one stripped line (or joined paragraph)."""
    patterns = _patterns()
    line = line.strip()
    if len(line) <= patterns["heading_max_chars"] and any(
            p.match(line) for p in patterns["heading"]):
        return "heading"
    if len(line) <= patterns["uppercase_heading_max_chars"] and is_uppercase_line(line):
        return "heading"
    if starts_list_item(line):
        return "list_item"
    return "paragraph"
