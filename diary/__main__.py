"""`python -m diary`: the same as the `rls-diary` command."""

import sys

from diary.cli import main

sys.exit(main())
