"""The interface language: English (the source strings) or Simplified Chinese, from Qt translation files.

The translations are kept as Qt Linguist `.ts` sources in `resources/translations/` (readable, diffable,
editable in Linguist); they are compiled to `.qm` with the `lrelease` that ships with PySide6 the first
time they are needed, or again when the source is newer, into the user's cache folder. The language follows
the system locale unless the coder picked one in Settings.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from annotator.paths import TRANSLATIONS, user_cache_dir

# Setting value → name shown in the settings (each in its own language, so anyone can find theirs).
LANGUAGES = {"": QT_TRANSLATE_NOOP("SettingsDialog", "System default"), "en": "English", "zh_CN": "简体中文"}
SETTING = "ui/language"

_installed: list[QTranslator] = []
_current = ["en"]  # the language last installed


def current_language() -> str:
    """The interface language in effect ("en" until `install` loads another)."""
    return _current[0]


def chosen_language() -> str:
    """The coder's choice in Settings, or "" for the system's."""
    return QSettings("annotator", "settings").value(SETTING, "", type=str)


def effective_language(choice: str | None = None) -> str:
    """ "zh_CN" or "en": a Chinese locale (any region or script) gets the Simplified Chinese interface."""
    choice = chosen_language() if choice is None else choice
    name = choice or QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def compiled(language: str) -> Path | None:
    """The `.qm` for a language, compiled from its `.ts` when missing or older than the source."""
    source = TRANSLATIONS / f"annotator_{language}.ts"
    if not source.exists():
        return None
    target = user_cache_dir() / "translations" / f"annotator_{language}.qm"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        lrelease = Path(PySide6.__file__).parent / "lrelease"
        result = subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(target)], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"lrelease could not compile {source.name}: {result.stderr.strip()}")
    return target


def install(language: str | None = None) -> str:
    """Load the interface language into the running application (replacing any loaded before); returns
    the language now in effect. Qt's own strings (standard buttons, file dialogs) follow too."""
    app = QCoreApplication.instance()
    while _installed:
        app.removeTranslator(_installed.pop())
    effective = _current[0] = effective_language(language)
    if effective == "en":
        return effective
    ours = QTranslator(app)
    qm = compiled(effective)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{effective}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return effective


def fill(text: str, *values: object) -> str:
    """Put values into a translated text's %1, %2… (translations may reorder them, as in Qt's arg()), in one
    pass, so a value that itself contains "%2" is left as it is."""
    return re.sub(r"%([1-9])", lambda m: str(values[int(m[1]) - 1]) if int(m[1]) <= len(values) else m[0], text)
