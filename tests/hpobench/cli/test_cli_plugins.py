"""Commands that layers above the engine add through the ``hpobench.commands`` group."""

from __future__ import annotations

import importlib.metadata
import sys
import types

from hpobench.cli import _app


def _install_plugin(monkeypatch, calls):
    module = types.ModuleType("hpobench_test_plugin")

    def register(commands):
        commands.add_group("bench", help="Benchmark commands.")
        parser = commands.add("hello", _hello, help="Say hello.", group="bench")
        parser.add_argument("name")

    def _hello(args):
        calls.append(args.name)
        return 0

    module.register = register
    monkeypatch.setitem(sys.modules, module.__name__, module)
    entry = importlib.metadata.EntryPoint(
        name="test", value=f"{module.__name__}:register", group=_app.PLUGIN_GROUP
    )
    real = importlib.metadata.entry_points

    def entry_points(**selection):
        if selection.get("group") == _app.PLUGIN_GROUP:
            return importlib.metadata.EntryPoints([entry])
        return real(**selection)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_a_plugin_adds_a_two_word_command(monkeypatch):
    calls = []
    _install_plugin(monkeypatch, calls)
    assert _app.main(["bench", "hello", "world"]) == 0
    assert calls == ["world"]


def test_a_plugin_command_is_listed_in_the_help(monkeypatch, capsys):
    _install_plugin(monkeypatch, [])
    assert _app.main(["bench", "--help"]) == 0
    assert "hello" in capsys.readouterr().out
