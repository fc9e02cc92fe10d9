from tbcase.cli import main

raise SystemExit(main())
