"""The `gongjian` console command: the operators' and scripts' entry point.

It is Django's management command runner under the project's name, so `gongjian demo load`,
`gongjian summary …`, `gongjian token USER` and `gongjian migrate` all run the same management commands
(thin wrappers around services) that the web and the tests use.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a gongjian (Django management) command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gongjian"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
