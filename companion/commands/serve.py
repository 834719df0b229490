"""`companion serve`: the app in web mode on 127.0.0.1 (default), or in a desktop window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from companion.core.errors import InputError

NAME = "serve"
HELP = "Start the app (web mode on http://127.0.0.1:8550 by default)."

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this device only)")
    parser.add_argument("--port", type=int, default=8550, help="port for web mode (default 8550)")
    parser.add_argument("--data-dir", help="where your data is kept (or COMPANION_DATA_DIR)")
    parser.add_argument("--clinic", help="clinic configuration file (or COMPANION_CLINIC)")
    parser.add_argument("--desktop", action="store_true", help="open a native window instead of web mode")


def run(args) -> int:
    import flet as ft

    from companion.adapters.store import StoreError
    from companion.app import AppConfig, build_services, make_main
    from companion.ownership import folder_problem

    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535, not {args.port}")
    config = AppConfig.from_environment(args.data_dir, args.clinic)
    try:
        services = build_services(config)
    except StoreError as error:
        raise InputError(str(error).splitlines()[0]) from None
    except OSError as error:  # the data folder is a file, cannot be created, has too long a name...
        raise InputError(folder_problem(config.data_dir, error)) from None
    main = make_main(config, services)
    if args.desktop:
        ft.run(main, assets_dir=str(ASSETS_DIR))
        return 0
    os.environ.setdefault("FLET_FORCE_WEB_SERVER", "1")  # serve only; never try to open a browser
    from companion.adapters import web_client

    if web_client.prepare() is None:
        print("companion: could not prepare the offline web client; serving Flet's own", file=sys.stderr)
    print(f"Companion is running at http://{args.host}:{args.port}  (data: {config.data_dir}; Ctrl+C to stop)",
          flush=True)
    ft.run(main, view=ft.AppView.WEB_BROWSER, host=args.host, port=args.port, no_cdn=True,
           assets_dir=str(ASSETS_DIR))
    return 0
