"""The shape every governance decision shares: advisory flags, deciding rules, changed settings."""

from __future__ import annotations

import attrs

from psrt_core.governance._policy import Override
from psrt_core.governance._rules import Flag, RuleId

__all__ = ["Decision"]


@attrs.frozen(kw_only=True)
class Decision:
    """What a nomination or motion decision, a report's status and the inactivity report share.

    *flags* are advisory facts (they never decide by themselves), *rules* the rule ids that
    decided, in the order the evaluation met them, and *overrides* the settings changed from
    PEP 811's defaults that affected the result, so a departure is never silent. The fields are
    keyword-only so that each subclass keeps its own positional fields first.
    """

    flags: tuple[Flag, ...] = ()
    rules: tuple[RuleId, ...] = ()
    overrides: tuple[Override, ...] = ()
