"""`python -m transform <command> …`: a thin dispatcher over one module per subcommand.

To add a subcommand, write a module exposing `add_parser(subcommands)` (which registers its
arguments and sets `handler`) and list it in SUBCOMMANDS.
"""

from __future__ import annotations

import argparse
import sys

from transform import cli_parse, cli_run

SUBCOMMANDS = (cli_parse, cli_run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m transform")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for module in SUBCOMMANDS:
        module.add_parser(subcommands)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
