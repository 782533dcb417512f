import sys

from unwind_cli.commands import main

sys.exit(main())
