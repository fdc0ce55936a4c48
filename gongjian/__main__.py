"""`python -m gongjian` is the same as the `gongjian` command."""

from gongjian.cli import main

main()
