"""`companion` command line: `serve` (the default) plus one module per subcommand.

Exit codes: 0 success, 2 bad input (one line on stderr, never a traceback), 3 done but damaged data was
found on the way (a warning line each on stderr; recovery.log in the data folder).

Language: every command speaks `--lang CODE` (before or after the command's name), else the
environment's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in gettext's order: "es_MX.UTF-8" -> "es"), else
English. An unknown --lang is bad input; an unknown language in the environment means English. Texts for
people (messages, warnings, errors, help, the texts inside JSON) are in that language; JSON keys, ids,
levels and numbers never change.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import pkgutil
import sys
from collections.abc import Mapping, Sequence

from companion import __version__, commands
from companion.adapters.catalogs import translator
from companion.core.errors import InputError, StorageError, told
from companion.core.i18n import DEFAULT, ENGLISH, LANGUAGES, N_, Translator, check_language, choose

LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order
DESCRIPTION = N_("Ixempra Companion: reminders, symptom diary and drug information, offline.")
LANG_HELP = N_("language of the messages and texts: {codes} (default: the environment's LANGUAGE, LC_ALL, "
               "LC_MESSAGES or LANG, else en); ids, keys and numbers are the same in every language")
# argparse's own words, translated where they are cheap to reach
ARGPARSE_WORDS = (N_("show this help message and exit"), N_("show program's version number and exit"),
                  N_("positional arguments"), N_("options"))


def _printable(text: str) -> str:
    """Line breaks, control characters and lone surrogates written as escapes: one line stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def environment_language(environ: Mapping[str, str], known=LANGUAGES) -> str:
    """The language the environment asks for, as gettext reads it: the first of LANGUAGE (a list, "fr:es"),
    LC_ALL, LC_MESSAGES, LANG that is set; "es_MX.UTF-8" -> "es"; C, POSIX or a language without a catalog
    -> English."""
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable)
        if value:
            codes = [part.split(".")[0].split("@")[0] for part in value.split(":")]
            return choose(None, None, [c for c in codes if c and c not in ("C", "POSIX")], known)
    return DEFAULT


def asked_language(argv: Sequence[str]) -> str | None:
    """The value of the last --lang (or --lang=CODE) before a lone "--", else None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog, t: Translator = ENGLISH, **kwargs):
        super().__init__(prog, **kwargs)
        self.t = t

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, self.t.gettext(N_("usage: ")) if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its help texts (marked N_ where they are written) worded in the command's language."""

    def __init__(self, *args, translator: Translator = ENGLISH, **kwargs):
        self.t = translator
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, t=translator))
        text = kwargs.get("description")
        if text:
            kwargs.update(description=translator.gettext(text))
        super().__init__(*args, **kwargs)
        self._positionals.title = translator.gettext(N_("positional arguments"))
        self._optionals.title = translator.gettext(N_("options"))

    def add_argument(self, *args, **kwargs):
        text = kwargs.get("help")
        if isinstance(text, str) and text != argparse.SUPPRESS:  # no help uses argparse's %(default)s: a % is a %
            kwargs.update(help=self.t.gettext(text).replace("%", "%%"))
        return super().add_argument(*args, **kwargs)

    def error(self, message):  # an unknown argument is echoed back: keep its strange characters on one line
        self.print_usage(sys.stderr)  # argparse's own reason stays in English
        self.exit(2, self.t.gettext(N_("{prog}: error: {message}")).format(prog=self.prog, message=_printable(message))
                  + "\n")


def _command_modules():
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"companion.commands.{name}") for name in names]


def _add_lang(parser: argparse.ArgumentParser, t: Translator, default) -> None:
    parser.add_argument("--lang", metavar="CODE", default=default,
                        help=t.gettext(LANG_HELP).format(codes=", ".join(LANGUAGES)))


def build_parser(t: Translator = ENGLISH) -> argparse.ArgumentParser:
    from companion.commands import serve

    parser = _Parser(prog="companion", description=DESCRIPTION, translator=t)
    parser.add_argument("--version", action="version", version=f"companion {__version__}",
                        help=N_("show program's version number and exit"))
    _add_lang(parser, t, None)
    serve.add_arguments(parser)  # `companion --port 8551` == `companion serve --port 8551`
    parser.set_defaults(run=serve.run)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        sp = sub.add_parser(module.NAME, help=t.gettext(module.HELP), description=module.HELP, translator=t)
        _add_lang(sp, t, argparse.SUPPRESS)  # not given after the command: the one before it stands
        module.add_arguments(sp)
        sp.set_defaults(run=module.run)
    return parser


def _say_error(error: Exception, t: Translator) -> int:
    """One line on stderr per problem, in t's language; exit 2."""
    said = told(error, t)
    if isinstance(error, StorageError):
        said = said.strip().split("\n")[0]  # its first line says what happened and what to do
    lines = [_printable(line) for line in said.strip().split("\n") if line.strip()] or [t.gettext(N_("bad input"))]
    if len(lines) == 1:
        print(t.gettext(N_("companion: {message}")).format(message=lines[0]), file=sys.stderr)
    else:  # a file with several problems (e.g. a clinic configuration): list every one
        print(t.ngettext("companion: {count} problem:", "companion: {count} problems:", len(lines))
              .format(count=len(lines)), *(f"  {line}" for line in lines), sep="\n", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    language = environment_language(os.environ)
    asked = asked_language(argv)
    if asked is not None:
        try:
            language = check_language(asked)
        except InputError as error:
            return _say_error(error, translator(language))
    t = translator(language)
    args = build_parser(t).parse_args(argv)
    args.lang, args.t = language, t
    try:
        return args.run(args)
    except (InputError, StorageError) as error:
        return _say_error(error, t)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
