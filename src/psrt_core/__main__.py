"""``python -m psrt_core``: the same command line as ``psrt-core``."""

from psrt_core.cli import main

raise SystemExit(main())
