"""Render the command-line reference from ``psrt_core.cli.build_parser()`` at build time.

The reference cannot drift from the parser because it is the parser: every subcommand (nested
ones included), every argument with its metavar, choices, default and help. ``render`` is plain
Python returning MyST Markdown, so a test can check it without Sphinx; ``setup`` substitutes it
for the marker line of ``reference/cli-generated.md`` when Sphinx reads that page.
"""

# The reference is read off argparse's parser objects, which keep their actions and formatter
# in underscore names (as the CLI tests do); Sphinx calls the hooks with fixed signatures.
# ruff: noqa: SLF001, ARG001

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from typing import Any

DOCNAME = "reference/cli-generated"
MARKER = "% psrt-cli-reference"
WIDTH = 88  # the usage lines are wrapped at a fixed width, not the terminal's

Command = tuple[tuple[str, ...], argparse.ArgumentParser]


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every (sub)command below ``parser``, depth first in registration order, aliases once."""
    seen: set[int] = set()
    for action in _subparser_actions(parser):
        for name, child in action.choices.items():
            if id(child) in seen:
                continue
            seen.add(id(child))
            yield (*path, name), child
            yield from commands(child, (*path, name))


def documented_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The arguments a reader can type: everything but subcommand slots and suppressed ones."""
    return [
        action
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and action.help != argparse.SUPPRESS
    ]


def render(parser: argparse.ArgumentParser) -> str:
    """The whole reference as MyST Markdown: a summary table, then one section per command."""
    prog = parser.prog
    parts = [_summary(parser)] if _subparser_actions(parser) else []
    parts.append(_section((), parser, prog))
    parts += [_section(path, child, prog) for path, child in commands(parser)]
    return "\n".join(parts)


def heading(prog: str, path: tuple[str, ...]) -> str:
    """The title of a command's section (its full invocation), as the test looks it up."""
    return f"`{' '.join((prog, *path))}`"


def _subparser_actions(parser: argparse.ArgumentParser) -> list[Any]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def _short_helps(parser: argparse.ArgumentParser) -> dict[int, str]:
    """Each subparser's one-line ``help`` (as its parent's listing shows it), by identity."""
    helps: dict[int, str] = {}
    for action in _subparser_actions(parser):
        by_name = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, child in action.choices.items():
            helps.setdefault(id(child), by_name.get(name, ""))
            helps.update(_short_helps(child))
    return helps


def _summary(parser: argparse.ArgumentParser) -> str:
    helps = _short_helps(parser)
    rows = ["| command | what it does |", "|---------|--------------|"]
    for path, child in commands(parser):
        target = "cli-" + "-".join(path)
        short = helps.get(id(child)) or _first_sentence(child.description or "")
        text = _escape(short, table=True)
        rows.append(f"| [`{' '.join(path)}`](#{target}) | {text} |")
    return "\n".join(rows) + "\n"


def _section(path: tuple[str, ...], parser: argparse.ArgumentParser, prog: str) -> str:
    level = "#" * (2 + max(len(path) - 1, 0))
    label = "cli-" + "-".join(path) if path else "cli-" + re.sub(r"\W+", "-", prog)
    lines = [f"({label})=", f"{level} {heading(prog, path)}", ""]
    if parser.description:
        lines += [_escape(parser.description), ""]
    lines += ["```text", _usage(parser).rstrip(), "```", ""]
    lines += _subcommand_list(path, parser)
    positionals = [a for a in documented_actions(parser) if not a.option_strings]
    options = [a for a in documented_actions(parser) if a.option_strings]
    for title, group in (("Arguments", positionals), ("Options", options)):
        if group:
            lines += [f"**{title}**", ""]
            lines += [line for action in group for line in _entry(parser, action)]
    return "\n".join(lines)


def _subcommand_list(path: tuple[str, ...], parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in _subparser_actions(parser):
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        lines += ["**Subcommands**", ""]
        for name in dict.fromkeys(action.choices):
            target = "cli-" + "-".join((*path, name))
            lines.append(f"- [`{name}`](#{target}): {_escape(helps.get(name) or '')}")
        lines.append("")
    return lines


def _usage(parser: argparse.ArgumentParser) -> str:
    try:
        formatter = parser.formatter_class(prog=parser.prog, width=WIDTH)  # type: ignore[call-arg]
    except TypeError:  # a formatter class that does not take a width
        formatter = parser._get_formatter()
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help()


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    formatter = parser._get_formatter()
    return formatter._format_action_invocation(action)


_NARGS = {"+": "one or more", "*": "zero or more", "?": "optional"}


def _entry(parser: argparse.ArgumentParser, action: argparse.Action) -> list[str]:
    """One definition-list item: the invocation, then help, choices, default and repetition."""
    text = _expand(parser, action)
    details = [_escape(text if text.endswith((".", "?", "!")) else f"{text}.")] if text else []
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        details.append("Choices: " + ", ".join(f"`{c}`" for c in action.choices) + ".")
    if _shows_default(action, text):
        details.append(f"Default: `{action.default}`.")
    if isinstance(action.nargs, str) and action.nargs in _NARGS and not action.option_strings:
        details.append(f"Takes {_NARGS[action.nargs]}.")
    if isinstance(action, (argparse._AppendAction, argparse._AppendConstAction)):
        details.append("Repeatable.")
    if action.required and action.option_strings:
        details.append("Required.")
    return [f"`{_invocation(parser, action)}`", f": {' '.join(details) or '(no description)'}", ""]


def _expand(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The help text with argparse's ``%(default)s``-style fields filled in, as ``--help`` does."""
    if not action.help:
        return ""
    formatter = parser._get_formatter()
    return " ".join(formatter._expand_help(action).split())


def _shows_default(action: argparse.Action, text: str) -> bool:
    """A default worth stating that the help text does not state already (in its own words)."""
    if "default" in text.lower() or action.default in (None, False, [], (), argparse.SUPPRESS):
        return False
    return not isinstance(action, (argparse._HelpAction, argparse._VersionAction))


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.:;])(\s|$)", text.strip())
    return match.group(1).rstrip(".:;") if match else text.strip()


_SPECIAL = re.compile(r"([\\*_<>\[\]])")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
# An option named in prose (``--json``): set as code, or smart quotes make ``--`` a dash.
_OPTION = re.compile(r"(?<![\w`-])(--?[A-Za-z][\w-]*)")


def _escape(text: str, *, table: bool = False) -> str:
    """Help text as literal Markdown: emphasis, links and HTML escaped, options set as code."""
    parts = _CODE_SPAN.split(" ".join(text.split()))
    for index in range(0, len(parts), 2):  # the text outside the help's own code spans
        parts[index] = _OPTION.sub(r"`\1`", _SPECIAL.sub(r"\\\1", parts[index]))
    text = "".join(parts)
    if text[:1] in {"#", "%", "|", ":"} or text[:2] in {"- ", "+ "}:
        text = "\\" + text
    return text.replace("|", "\\|") if table else text


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    if docname == DOCNAME and MARKER in source[0]:
        from psrt_core.cli import build_parser

        source[0] = source[0].replace(MARKER, render(build_parser()), 1)


def _always_outdated(app: Any, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    """Reread the page on every build: Sphinx cannot see that the parser changed."""
    return [DOCNAME] if DOCNAME in env.found_docs else []


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks; the page stays a plain file with a marker line."""
    app.connect("source-read", _source_read)
    app.connect("env-get-outdated", _always_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
