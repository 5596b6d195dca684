"""A small YAML writer for JSON-like data (PyYAML is not a dependency of hpobench).

It writes block-style YAML that YAML 1.1 (PyYAML) and 1.2 readers load back to the same
values: strings that could read as something else are double-quoted, and floats always
carry a ``.`` so that YAML 1.1 does not read ``1e-05`` as a string.
"""

from __future__ import annotations

import math
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/ ]*")
# Words that YAML 1.1 reads as booleans or null when unquoted.
_RESERVED = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null"])
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def dump(data: Any) -> str:
    """Return ``data`` (dicts, lists, str, int, float, bool, None) as a YAML document.

    Examples
    --------
    >>> print(dump({"name": "s", "values": [1.5, 1e-05], "attrs": {}}), end="")
    name: s
    values:
      - 1.5
      - 1.0e-05
    attrs: {}
    """
    return "\n".join(_block(data, 0)) + "\n"


def _is_open(value: Any) -> bool:
    """Whether ``value`` is written as an indented block (a non-empty dict or list)."""
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            head = f"{pad}{scalar(str(key))}:"
            if _is_open(item):
                lines.append(head)
                lines.extend(_block(item, indent + 2))
            else:
                lines.append(f"{head} {scalar(item)}")
        return lines
    if isinstance(value, (list, tuple)) and value:
        return [line for item in value for line in _list_item(item, indent)]
    return [pad + scalar(value)]


def _list_item(item: Any, indent: int) -> list[str]:
    pad = " " * indent
    if not _is_open(item):
        return [f"{pad}- {scalar(item)}"]
    nested = _block(item, indent + 2)
    return [f"{pad}- {nested[0][indent + 2 :]}", *nested[1:]]


def scalar(value: Any) -> str:
    """Return the one-line YAML text of a scalar (or an empty dict or list).

    Examples
    --------
    >>> [scalar(v) for v in (None, True, 3, float("inf"), "yes", "x-1", "")]
    ['null', 'true', '3', '.inf', '"yes"', 'x-1', '""']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return _string(str(value))


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text:  # "1e-05" -> "1.0e-05"; repr always writes the exponent's sign
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _string(text: str) -> str:
    plain = _PLAIN.fullmatch(text) and not text.endswith(" ")
    if plain and text.lower() not in _RESERVED:
        return text
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
        return f"\\u{code:04x}"
    return ch
