"""``python -m exactrelu.cli ARGS``: the same as the ``exactrelu`` console script."""

import sys

from exactrelu.cli import main

sys.exit(main())
