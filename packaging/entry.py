"""Entry point of the frozen program: the same command line as ``python -m tbcase``."""

from tbcase.cli import main

raise SystemExit(main())
