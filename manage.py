#!/usr/bin/env python
"""Django's manage.py; the `gongjian` command is the same thing under the project's name."""

from gongjian.cli import main

if __name__ == "__main__":
    main()
