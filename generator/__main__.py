"""`python -m generator`: the command line (generator/cli.py), left without tearing the heap down."""

import logging
import os
import sys

from generator.cli import main

code = main(sys.argv[1:])
# Leave without tearing down: freeing the millions of objects a 10,000-story check holds
# took longer than the check itself, and the process owns nothing else to clean up.
logging.shutdown()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # the reader went away (`check | head`): nothing left to tell it
    pass
os._exit(code)
