"""Helpers of the report tests: a tiny benchmark run with the real runner, an HTML reader.

A module of its own (not ``conftest``) so that test modules import it by a unique name.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import hpobench
import runners

BENCHMARK = "tiny"
# Sphere without its ``dim`` argument fails at construction: the report's failures section.
PROBLEMS = ["Branin", "GramacyToy", "Sphere"]
SAMPLERS = ["random", "tpe", "qmc"]
# Five repeats: with three, no Mann-Whitney p-value can fall below 0.05 after Holm.
REPEATS = 5


def run_tiny(storage: Any, samplers: list[runners.ComponentSpec], problems: list[str]) -> None:
    """Run every problem x sampler REPEATS times for 10 trials into ``storage``."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    try:
        plan = runners.make_plan(
            BENCHMARK,
            problems,
            samplers,
            repeats=REPEATS,
            budget=runners.Budget(trials=10),
            seed=0,
        )
        runners.run_plan(plan, storage)
    finally:
        hpobench.logging.set_verbosity(previous)


class Page(HTMLParser):
    """What the tests read from a report: sections, tables, links and scripts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.ids: set[str] = set()
        self.tables: dict[str, list[list[str]]] = {}
        self.resource_urls: list[str] = []
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._script: list[str] | None = None
        self.source = source
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.add(found["id"])
        for name in ("src", "href", "action", "data", "poster"):
            if found.get(name):
                self.resource_urls.append(found[name])
        if tag == "section":
            self.sections.append(found.get("id") or "")
        elif tag == "table" and found.get("id"):
            self._table = found["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "script":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._script.append(data)

    def rows(self, table_id: str) -> list[dict[str, str]]:
        """A table's body rows as dicts keyed by its header."""
        header, *body = self.tables[table_id]
        return [dict(zip(header, row)) for row in body]
