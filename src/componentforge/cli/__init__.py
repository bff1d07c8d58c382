"""The command line (`componentforge`, or `python -m componentforge.cli`)."""

from componentforge.cli.app import main

__all__ = ["main"]
