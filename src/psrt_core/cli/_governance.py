"""`psrt-core` subcommands for the governance area (registered by `psrt_core.cli.build_parser`)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add this area's subcommands to *commands*."""
