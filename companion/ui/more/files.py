"""Where the files made in More go: the exports folder, a download, a save dialog; and picking a backup."""

from __future__ import annotations

from pathlib import Path

import flet as ft

from companion.core.errors import StorageError
from companion.services import ownership
from companion.ui.more.common import show


class Files:
    """Every file made here goes into <data dir>/exports/ and, where the platform has one, a save dialog."""

    def __init__(self, shell):
        self.shell = shell
        self._picker: ft.FilePicker | None = None

    @property
    def picker(self) -> ft.FilePicker:
        if self._picker is None:
            self._picker = ft.FilePicker()
        return self._picker

    async def deliver(self, filename: str, data: bytes, result: ft.Text) -> None:
        tr = self.shell.tr
        if self.shell.services.in_browser:  # the browser's own folder is out of the user's reach: download only
            show(result, tr("Downloaded {file}: it is in your browser's downloads.").format(file=filename))
        else:
            try:
                path = ownership.save_export(self.shell.services.store.data_dir, filename, data)
                show(result, tr("Saved on this device: {path}").format(path=path))
            except StorageError as error:  # the save dialog below can still put it elsewhere
                show(result, error.told(self.shell.t), error=True)
        try:
            await self.picker.save_file(dialog_title=tr("Save a copy"), file_name=filename, src_bytes=data)
        except Exception:  # no save dialog on this platform (or it was closed): nothing more to offer
            pass

    async def pick_backup(self) -> bytes | None:
        files = await self.picker.pick_files(dialog_title=self.shell.tr("Choose a backup file"), with_data=True,
                                             file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=["json"])
        if not files:
            return None
        chosen = files[0]
        if chosen.bytes is None and chosen.path:
            return Path(chosen.path).read_bytes()
        return chosen.bytes
