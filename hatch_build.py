"""Compile the gettext catalogues (.po -> .mo) whenever the package is built or installed.

This keeps compiled catalogues out of git while a fresh clone still gets them from the
ordinary `pip install`, editable or not.
"""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    def initialize(self, version, build_data):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root) / "eventapp" / "translations"
        for po_path in root.glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            build_data.setdefault("artifacts", []).append(
                str(po_path.with_suffix(".mo").relative_to(self.root))
            )
