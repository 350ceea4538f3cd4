"""`python -m norm` < request.json"""

import sys

from .cli import main

sys.exit(main(sys.stdin, sys.stdout, sys.stderr))
