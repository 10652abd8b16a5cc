"""Provides `python -m termnews`."""

from termnews.cli import main

raise SystemExit(main())
