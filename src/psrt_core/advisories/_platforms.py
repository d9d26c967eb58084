"""Platforms: which operating systems a record's answer is about.

Why: a Windows-only vulnerability (CVE-2024-4030, CVE-2024-3219) must not tell a Linux user
they are affected. CVE JSON 5 › affected[].platforms is a free list of names ("Windows",
"POSIX", "MacOS", "Linux"); OSV 1.7 has no platform field, so an OSV ``affected[]`` entry's
``ecosystem_specific.platforms`` or ``database_specific.platforms`` (a list of strings) is read
the same way. No list means every platform.

Names are normalised (`normalize_platform`): case and spacing ignored, and ``win32`` /
``windows`` -> ``windows``; ``macos`` / ``mac os x`` / ``osx`` / ``darwin`` -> ``macos``;
``linux`` -> ``linux``; ``posix`` / ``unix`` -> ``posix``; ``ios``, ``android``, ``freebsd``,
``netbsd``, ``openbsd``, ``aix``, ``solaris`` (``sunos``) keep their names; any other name is kept
lower-cased. ``posix`` covers every name in `POSIX` (all of the above but ``windows``), so a
POSIX-only record affects ``linux`` and ``macos``, and a question about ``posix`` is answered
"affected" when any POSIX platform is. ``sys.platform``'s numbered names (``freebsd14``,
``sunos5``) lose their number. A platform outside `KNOWN` is never excluded: no record can be
read as "not on that platform".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from psrt_core.advisories._osv import OsvAffected

__all__ = ["KNOWN", "POSIX", "entry_platforms", "normalize_platform", "platform_applies"]

_ALIASES = {
    "win": "windows",
    "win32": "windows",
    "win64": "windows",
    "windows": "windows",
    "macos": "macos",
    "macosx": "macos",
    "osx": "macos",
    "darwin": "macos",
    "mac": "macos",
    "linux": "linux",
    "posix": "posix",
    "unix": "posix",
    "sunos": "solaris",
}
#: The platforms ``posix`` stands for (Cygwin's Python is a POSIX build, whatever it runs on).
POSIX = frozenset(
    {"linux", "macos", "ios", "android", "freebsd", "netbsd", "openbsd", "aix", "solaris", "cygwin"}
)
#: Every platform name an answer can be asked about and decided for.
KNOWN = POSIX | {"windows", "posix"}
# ``sys.platform`` carries a release number on some systems (``freebsd14``, ``sunos5``, ``aix7``).
_NUMBERED = re.compile(r"(freebsd|netbsd|openbsd|aix|sunos)\d*")


def normalize_platform(name: str) -> str:
    """The canonical name of a platform (``"Mac OS X"`` -> ``"macos"``), see the module doc."""
    key = "".join(name.lower().split())
    numbered = _NUMBERED.fullmatch(key)
    if numbered:
        key = numbered[1]
    return _ALIASES.get(key, key)


def _expand(name: str) -> frozenset[str]:
    return POSIX | {name} if name == "posix" else frozenset({name})


def platform_applies(platforms: frozenset[str] | None, platform: str | None) -> bool:
    """Whether an answer about *platforms* (``None``: all) concerns *platform* (``None``: any).

    True when the two name a common platform once ``posix`` is expanded to ``POSIX``, and for
    a platform this module does not know: excluding it would be a guess, and a guessed "not
    affected" is the one answer psrt-core never gives.
    """
    if platforms is None or platform is None:
        return True
    name = normalize_platform(platform)
    if name not in KNOWN:
        return True
    wanted = _expand(name)
    return any(not wanted.isdisjoint(_expand(name)) for name in platforms)


def normalized(names: Iterable[str] | None) -> frozenset[str] | None:
    """The normalised set of *names*; ``None`` (and an empty list) mean every platform."""
    found = frozenset(normalize_platform(name) for name in names or ())
    return found or None


def entry_platforms(entry: OsvAffected) -> frozenset[str] | None:
    """An OSV entry's platforms (``ecosystem_specific`` first, then ``database_specific``)."""
    for block in (entry.ecosystem_specific, entry.database_specific):
        value = block.get("platforms") if block is not None else None
        if isinstance(value, tuple) and value and all(isinstance(item, str) for item in value):
            return normalized(value)
    return None
