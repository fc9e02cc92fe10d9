import multiprocessing

if __name__ == "__main__":  # worker processes are spawned (tbcase/ui/process.py): never run twice
    multiprocessing.freeze_support()

    from tbcase.cli import main

    raise SystemExit(main())
