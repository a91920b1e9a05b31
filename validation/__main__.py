"""``python3 -m tropgeo.validation verify ...``: the same as the ``tropgeo`` script."""

import sys

from tropgeo.validation.cli import main

sys.exit(main())
