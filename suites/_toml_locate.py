"""Best-effort line numbers for the keys and values of a TOML document.

:mod:`tomllib` returns plain dicts without positions, so validation errors would have no
line. :func:`locate` scans the text once and maps each key path — ``("budget",
"trials")``, ``("samplers", 1, "name")``, ``("problems", "ids", 3)`` — to the line
where it appears. It understands table headers, arrays of tables, dotted keys, inline
tables and (multi-line) arrays; anything it cannot follow is simply not located, and the
caller falls back to the nearest located parent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["Path", "line_of", "locate"]

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _split_key(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


class _ValueScanner:
    """Walks a value (possibly spanning lines) and records element and key lines."""

    def __init__(self, lines: Sequence[str], found: dict[Path, int]) -> None:
        self.lines = lines
        self.found = found

    def scan(self, path: Path, row: int, col: int) -> int:
        """Scan the value starting at ``lines[row][col]``; return the row where it ends."""
        stack: list[list] = []  # [kind, path, index or current key, expecting]
        r, c = row, col
        while r < len(self.lines):
            line = self.lines[r]
            while c < len(line):
                ch = line[c]
                if ch == "#":
                    break
                if ch in " \t,\r\n":
                    if ch == "," and stack and stack[-1][0] == "array":
                        stack[-1][2] += 1
                        stack[-1][3] = True
                    c += 1
                    continue
                top = stack[-1] if stack else None
                if top is not None and top[0] == "table":
                    match = _KEY.match(line[c:])
                    if match and ch not in "}":
                        keys = _split_key(match.group(1))
                        top[2] = (*top[1], *keys)
                        self.found.setdefault(top[2], r + 1)
                        c += match.end()
                        continue
                elem_path = self._element_path(top, path)
                if top is not None and top[0] == "array" and top[3] and ch != "]":
                    self.found.setdefault(elem_path, r + 1)
                    top[3] = False
                if ch == "[":
                    stack.append(["array", elem_path, 0, True])
                    c += 1
                elif ch == "{":
                    stack.append(["table", elem_path, elem_path, False])
                    c += 1
                elif ch in "]}":
                    stack.pop()
                    c += 1
                    if not stack:
                        return r
                elif ch in "\"'":
                    r, c = self._skip_string(r, c)
                    if not stack:
                        return r
                else:
                    c += 1
                    if not stack and (c >= len(line) or line[c] in " \t#,"):
                        return r
            r, c = r + 1, 0
        return r

    @staticmethod
    def _element_path(top: list | None, path: Path) -> Path:
        if top is None:
            return path
        if top[0] == "array":
            return (*top[1], top[2])
        return top[2]

    def _skip_string(self, r: int, c: int) -> tuple[int, int]:
        line = self.lines[r]
        quote = line[c]
        if line.startswith(quote * 3, c):
            delim, c = quote * 3, c + 3
            while r < len(self.lines):
                end = self.lines[r].find(delim, c)
                if end >= 0:
                    return r, end + 3
                r, c = r + 1, 0
            return r, 0
        c += 1
        while c < len(line):
            if line[c] == "\\" and quote == '"':
                c += 2
                continue
            if line[c] == quote:
                return r, c + 1
            c += 1
        return r, c


def locate(text: str) -> dict[Path, int]:
    """Map key paths of a TOML document to 1-based line numbers.

    Examples
    --------
    >>> found = locate('name = "a"\\n[[samplers]]\\nname = "tpe"\\n[[samplers]]\\nname = "x"\\n')
    >>> found[("samplers", 1, "name")]
    5
    """
    lines = text.splitlines()
    found: dict[Path, int] = {}
    scanner = _ValueScanner(lines, found)
    table: Path = ()
    counts: dict[Path, int] = {}
    row = 0
    while row < len(lines):
        line = lines[row]
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            keys = tuple(_split_key(header.group(2)))
            if header.group(1) == "[[":
                counts[keys] = counts.get(keys, -1) + 1
                table = (*keys, counts[keys])
            else:
                table = keys
            found.setdefault(keys, row + 1)
            found.setdefault(table, row + 1)
            row += 1
            continue
        match = _KEY.match(line)
        if match:
            path = (*table, *_split_key(match.group(1)))
            found.setdefault(path, row + 1)
            row = scanner.scan(path, row, match.end())
        row += 1
    return found


def line_of(found: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, else of its nearest located parent, else None.

    Examples
    --------
    >>> line_of({("budget",): 4}, ("budget", "trials"))
    4
    """
    for end in range(len(path), 0, -1):
        if path[:end] in found:
            return found[path[:end]]
    return None
