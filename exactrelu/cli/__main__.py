"""``python -m exactrelu.cli ARGS``: the same as the ``exactrelu`` console script."""

import sys

from exactrelu.cli import main

if __name__ == "__main__":
    sys.exit(main())
