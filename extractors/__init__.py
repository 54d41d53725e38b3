"""One module per kind of thing extracted; each has `extract(text) -> list[...]` with spans."""
