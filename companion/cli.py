"""`companion` command line: `serve` (the default) plus one module per subcommand.

Exit codes: 0 success, 2 bad input (one line on stderr, never a traceback), 3 done but damaged data was
found on the way (a warning line each on stderr; recovery.log in the data folder).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from companion import __version__, commands
from companion.core.errors import InputError


def _printable(text: str) -> str:
    """Line breaks, control characters and lone surrogates written as escapes: one line stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # an unknown argument is echoed back: keep its strange characters on one line
        super().error(_printable(message))


def _command_modules():
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"companion.commands.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    from companion.commands import serve

    parser = _Parser(
        prog="companion",
        description="Ixempra Companion: reminders, symptom diary and drug information, offline.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    serve.add_arguments(parser)  # `companion --port 8551` == `companion serve --port 8551`
    parser.set_defaults(run=serve.run)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        sp = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sp)
        sp.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        lines = [_printable(line) for line in str(error).strip().split("\n") if line.strip()] or ["bad input"]
        if len(lines) == 1:
            print(f"companion: {lines[0]}", file=sys.stderr)
        else:  # a file with several problems (e.g. a clinic configuration): list every one
            print(f"companion: {len(lines)} problems:", *(f"  {line}" for line in lines), sep="\n", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
