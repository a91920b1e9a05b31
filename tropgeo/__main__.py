"""``python3 -m tropgeo verify ...``: the same as the ``tropgeo`` script.

An entry point, not part of the exact core: it hands the command line to
:mod:`tropgeo.validation.cli` (which needs torch), so the core's layering rule exempts it.
"""

import sys

if __name__ == "__main__":
    from tropgeo.validation.cli import main

    sys.exit(main())
