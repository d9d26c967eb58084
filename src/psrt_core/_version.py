"""The version, in one place: the build reads it from here (``tool.hatch.version``).

A module of its own so that ``psrt-core --version`` need not import ``importlib.metadata``,
which costs more than the rest of that command.
"""

__version__ = "0.1.0"
