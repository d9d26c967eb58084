"""The project's exit statuses, in a module of their own: ``--version`` imports nothing else."""

from __future__ import annotations

from typing import Final

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK"]

EXIT_OK: Final = 0
"""Done, and nothing found (or the result is not a finding: a tally, a report)."""
EXIT_FINDINGS: Final = 1
"""Done, and something was found: affected versions, lint errors, roster problems."""
EXIT_BAD_INPUT: Final = 2
"""Bad input or usage: one line on standard error, no partial output."""
