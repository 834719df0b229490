"""`companion serve`: the app in web mode on 127.0.0.1 (default), or in a desktop window."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_

NAME = "serve"
HELP = N_("Start the app (web mode on http://127.0.0.1:8550 by default).")

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help=N_("address to bind (default 127.0.0.1, this device only)"))
    parser.add_argument("--allow-network", action="store_true",
                        help=N_("allow a --host other devices can reach (the data is then protected by the PIN only)"))
    parser.add_argument("--port", type=int, default=8550, help=N_("port for web mode (default 8550)"))
    parser.add_argument("--data-dir", help=N_("where your data is kept (or COMPANION_DATA_DIR)"))
    parser.add_argument("--clinic", help=N_("clinic configuration file (or COMPANION_CLINIC)"))
    parser.add_argument("--desktop", action="store_true", help=N_("open a native window instead of web mode"))


NETWORK_WARNING = N_(
    "companion: WARNING: every patient's diary is now served to the network, with no protection beyond the "
    "app's PIN lock. Set a PIN (More > PIN lock) before anyone else can connect, and use only a network you trust.")


def is_loopback(host: str) -> bool:
    """True for an address only this device can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any address


def check_host(host: str, allow_network: bool) -> None:
    """InputError for an address other devices can reach, unless --allow-network says it is on purpose."""
    if not is_loopback(host) and not allow_network:
        shown = "".join(c if c.isprintable() else "?" for c in host)[:80]
        raise InputError(N_("--host {host} would serve every patient's diary to other devices; the app serves "
                            "this device only (127.0.0.1) unless you add --allow-network and set a PIN."), host=shown)


def run(args) -> int:
    import flet as ft

    from companion.app import AppConfig, build_services, make_main
    from companion.services.ownership import folder_problem

    t = getattr(args, "t", ENGLISH)
    if not 0 < args.port < 65536:
        raise InputError(N_("--port must be between 1 and 65535, not {port}"), port=args.port)
    check_host(args.host, args.allow_network)
    config = AppConfig.from_environment(args.data_dir, args.clinic)
    try:  # a StorageError (a newer or locked data folder): cli.main says its first line
        services = build_services(config)
    except OSError as error:  # the data folder is a file, cannot be created, has too long a name...
        raise InputError("{problem}", problem=folder_problem(config.data_dir, error)) from None  # told if it can be
    if not is_loopback(args.host):
        print(t.gettext(NETWORK_WARNING), file=sys.stderr, flush=True)
    main = make_main(config, services)
    if args.desktop:
        ft.run(main, assets_dir=str(ASSETS_DIR))
        return 0
    os.environ.setdefault("FLET_FORCE_WEB_SERVER", "1")  # serve only; never try to open a browser
    from companion.adapters import web_client

    if web_client.prepare(title=services.clinic.name, lang=services.clinic.languages[0]) is None:
        print(t.gettext(N_("companion: could not prepare the offline web client; serving Flet's own")),
              file=sys.stderr)
    print(t.gettext(N_("Companion is running at {address}  (data: {folder}; Ctrl+C to stop)"))
          .format(address=f"http://{args.host}:{args.port}", folder=config.data_dir), flush=True)
    ft.run(main, view=ft.AppView.WEB_BROWSER, host=args.host, port=args.port, no_cdn=True,
           assets_dir=str(ASSETS_DIR))
    return 0
