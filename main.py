"""Entry point for `flet build` (packaged Android / iOS / web apps).

The packaged app sets FLET_APP_STORAGE_DATA (its durable data folder) and uses the
clinic file bundled in data/ (data/clinic.toml when a clinic added one).
"""

import flet as ft

from companion.app import AppConfig, make_main

ft.run(make_main(AppConfig.from_environment()))
