"""One module per CLI subcommand.

Each module defines:

    NAME = "triage"                      # the subcommand
    HELP = "one line for --help"
    def add_arguments(parser): ...       # argparse sub-parser
    def run(args) -> int: ...            # 0 on success; raise InputError for bad input

`companion.cli` turns an InputError into one line on stderr and exit code 2.
"""
