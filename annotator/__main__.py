"""`python -m annotator` is the same as the `annotator` console script."""

from annotator.cli.main import main

raise SystemExit(main())
