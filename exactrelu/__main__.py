"""``python -m exactrelu``: the ``exactrelu`` command."""

import sys

from exactrelu.cli import main

if __name__ == "__main__":
    sys.exit(main())
