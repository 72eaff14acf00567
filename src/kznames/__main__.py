"""``python -m kznames``: the command line, the same as the ``kznames`` command.

Useful where the console script is not on the path (a venv that is not activated).
"""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
