"""``python -m kenniscentrum`` — see :mod:`kenniscentrum.cli`."""
import sys

from kenniscentrum.cli import main

sys.exit(main())
