"""Bounded YAML reading with PyYAML: aliases, depth and duplicate keys refused while composing.

A module of its own so that PyYAML is imported only when a YAML document is read
(`psrt_core.serialization._reading.yaml_document` imports it on first use).
"""

from __future__ import annotations

from typing import Any

import yaml

from psrt_core.limits import Limits
from psrt_core.serialization._reading import ErrorType, _limit, _too_deep, step

__all__ = ["load_bounded"]


class _LimitHitError(Exception):
    """Raised inside the YAML composer; turned into the document's error by `load_bounded`."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class _BoundedLoader(yaml.BaseLoader):
    """PyYAML's all-strings loader, counting aliases and depth while composing the node graph.

    Why in the composer: the constructor and everything after it expand aliases; refusing
    them here keeps a "billion laughs" document at its written size.
    """

    def __init__(self, stream: str, limits: Limits) -> None:
        super().__init__(stream)
        self.limits = limits
        self.path: list[str] = ["$"]
        self.aliases = 0
        self.nested: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        where = self._where(index)
        if self.check_event(yaml.AliasEvent):
            self._alias(self.peek_event().anchor, where)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)  # type: ignore[return-value]
        if len(self.path) > self.limits.max_depth:
            raise _LimitHitError(where, f"nesting too deep ({_limit(self.limits, 'max_depth')})")
        anchor = getattr(self.peek_event(), "anchor", None)  # type: ignore[no-untyped-call]
        before = self.aliases
        self.path.append(where)
        try:
            node: yaml.Node = super().compose_node(parent, index)  # type: ignore[assignment]
        finally:
            self.path.pop()
        if anchor is not None and self.aliases > before:
            self.nested.add(anchor)
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node, where)
        return node

    def _where(self, index: Any) -> str:
        if isinstance(index, yaml.ScalarNode):
            return step(self.path[-1], index.value)
        if isinstance(index, int):
            return step(self.path[-1], index)
        return self.path[-1]

    def _alias(self, anchor: str, where: str) -> None:
        self.aliases += 1
        if self.aliases > self.limits.max_yaml_aliases:
            raise _LimitHitError(
                where, f"YAML alias *{anchor} beyond {_limit(self.limits, 'max_yaml_aliases')}"
            )
        if anchor in self.nested:
            raise _LimitHitError(where, f"YAML alias *{anchor} names a node holding aliases")


def _refuse_duplicate_keys(node: yaml.MappingNode, where: str) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                raise _LimitHitError(step(where, key.value), "key given twice")
            seen.add(key.value)


def load_bounded(text: str, *, limits: Limits, error: ErrorType, source: str | None) -> Any:
    """The YAML document of *text* (already checked by ``text_of``), or *error*.

    A syntax error names its line and column; a limit hit names its JSON path.
    """
    try:
        loader = _BoundedLoader(text, limits)
    except yaml.YAMLError as exc:  # the reader refuses control characters up front
        raise error.single(_mark(exc), f"not valid YAML: {_what(exc)}", source=source) from None
    try:
        return loader.get_single_data()
    except _LimitHitError as exc:
        raise error.single(exc.path, exc.message, source=source) from None
    except RecursionError:
        raise _too_deep(limits, error, source, "$") from None
    except yaml.YAMLError as exc:
        raise error.single(_mark(exc), f"not valid YAML: {_what(exc)}", source=source) from None
    finally:
        loader.dispose()


def _mark(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return "$"
    return f"line {mark.line + 1} column {mark.column + 1}"


def _what(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    return str(problem) if problem else str(exc).splitlines()[0]
