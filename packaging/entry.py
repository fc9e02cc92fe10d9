"""Entry point of the frozen program: the same command line as ``python -m tbcase``.

``freeze_support()`` comes first: the window lays out letters in worker processes started
with the *spawn* method (``tbcase/ui/process.py``), which start this same executable; in a
frozen program that call turns such a start into the worker instead of a second window.
The ``__main__`` guard keeps a spawned child that imports this file from running it.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from tbcase.cli import main

    raise SystemExit(main())
