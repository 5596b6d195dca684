import sys

from hpobench.cli import main

sys.exit(main())
