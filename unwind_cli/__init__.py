"""`python -m unwind_cli`: the Unwind API from a terminal (login, problems, show, run, submit). Standard
library only, so it runs from any Python 3.11 without installing anything."""
