"""The window's commands, declared once: menus, the toolbar and Help → Keyboard shortcuts are all built from
this one list, so a command cannot have a key in one place and not in another."""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QStyle

from annotator.core.suggestions import KINDS
from annotator.gui.article_view import STORED
from annotator.gui.translations import fill


def window_state() -> QSettings:
    """Where the window's geometry, pane sizes and zoom are kept (apart from the user's settings)."""
    return QSettings("annotator", "window-state")


class Command(NamedTuple):
    """One entry of the window's action registry."""

    menu: str
    text: str
    keys: list[QKeySequence]
    target: object  # a callable, or a ready QAction
    icon: QIcon | None = None  # commands with an icon are also on the toolbar…
    short: str = ""  # …labelled this briefly


def swatch(colour: str) -> QIcon:
    """A square of a kind's colour, so that the toolbar's kind buttons match the highlights."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class WindowCommands(QObject):
    """Builds the window's menus and toolbar from the registry; `shortcut_table` is what Help lists."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.shortcut_table: list[tuple[str, str, str]] = []
        self._install(window)

    def _registry(self, w) -> list[Command]:
        """Every command of the window, once. Menus and the toolbar are built from this list and Help →
        Keyboard shortcuts lists it, so a shortcut cannot exist in one and not the other. A command whose
        target is a QAction already (undo, redo) is used as it is."""
        undo = w.undo_stack.createUndoAction(self, self.tr("&Undo"))
        redo = w.undo_stack.createRedoAction(self, self.tr("&Redo"))
        key, icon = QKeySequence, w.style().standardIcon
        pixmap = QStyle.StandardPixmap
        file, edit, view = self.tr("&File"), self.tr("&Edit"), self.tr("&View")
        team, help_ = self.tr("&Team"), self.tr("&Help")
        commands = [
            Command(file, self.tr("&New project…"), [key("Ctrl+N")], w.new_project),
            Command(
                file,
                self.tr("&Open project…"),
                [key("Ctrl+O")],
                w.choose_project,
                icon(pixmap.SP_DialogOpenButton),
                self.tr("Open"),
            ),
            Command(
                file,
                self.tr("&Import articles…"),
                [key("Ctrl+I")],
                w.import_files,
                icon(pixmap.SP_ArrowDown),
                self.tr("Import"),
            ),
            Command(file, self.tr("Import annotated &dataset…"), [key("Ctrl+Shift+I")], w.import_dataset),
            Command(
                file, self.tr("&Export…"), [key("Ctrl+E")], w.export_project, icon(pixmap.SP_ArrowUp), self.tr("Export")
            ),
            Command(file, self.tr("&Merge another project…"), [key("Ctrl+Shift+L")], w.merge_project),
            Command(file, self.tr("&Find"), [key(key.StandardKey.Find)], w.search.setFocus),
            Command(file, self.tr("&Quit"), [key("Ctrl+Q")], w.close),
            Command(edit, self.tr("&Undo"), [key(key.StandardKey.Undo)], undo, icon(pixmap.SP_ArrowBack), self.tr("Undo")),
            Command(
                edit,
                self.tr("&Redo"),
                # Named, not the platform's StandardKey.Redo: on Linux desktops that *is* Ctrl+Shift+Z, and a key
                # listed twice on one action is an ambiguous shortcut that Qt drops (Redo was dead by keyboard).
                [key("Ctrl+Shift+Z"), key("Ctrl+Y")],
                redo,
                icon(pixmap.SP_ArrowForward),
                self.tr("Redo"),
            ),
        ]
        for kind in w.codebook.kinds:
            text = fill(self.tr("Annotate as %1"), kind.label)
            commands.append(
                Command(edit, text, [key(kind.key)], partial(w.annotate, kind.name), swatch(kind.colour), kind.label)
            )
        commands += [
            Command(
                edit,
                self.tr("&Delete annotation"),
                [key(Qt.Key.Key_Delete)],
                w.delete_current,
                icon(pixmap.SP_TrashIcon),
                self.tr("Delete"),
            ),
            Command(edit, self.tr("Move start left"), [key("Alt+Left")], partial(w.move_edge, "start", -1)),
            Command(edit, self.tr("Move start right"), [key("Alt+Right")], partial(w.move_edge, "start", 1)),
            Command(edit, self.tr("Move end left"), [key("Alt+Shift+Left")], partial(w.move_edge, "end", -1)),
            Command(edit, self.tr("Move end right"), [key("Alt+Shift+Right")], partial(w.move_edge, "end", 1)),
            Command(
                edit,
                self.tr("Mark done and go to the &next document"),
                [key("Ctrl+Return")],
                w.mark_done_and_next,
                icon(pixmap.SP_DialogApplyButton),
                self.tr("Done, next"),
            ),
            Command(edit, self.tr("Article &details (outlet, date)…"), [key("Ctrl+Shift+D")], w.edit_details),
            Command(
                edit,
                self.tr("S&kip this document and go to the next"),
                [key("Ctrl+Shift+Return")],
                w.skip_and_next,
                icon(pixmap.SP_MediaSkipForward),
                self.tr("Skip"),
            ),
            Command(view, self.tr("Zoom &in"), [key(key.StandardKey.ZoomIn)], partial(w.zoom, 1)),
            Command(view, self.tr("Zoom &out"), [key(key.StandardKey.ZoomOut)], partial(w.zoom, -1)),
            Command(view, self.tr("&Original text"), [key("Ctrl+1")], partial(w.show_layer, STORED)),
            Command(view, self.tr("&Simplified (繁→简)"), [key("Ctrl+2")], partial(w.show_layer, "t2s")),
            Command(view, self.tr("&Traditional (简→繁)"), [key("Ctrl+3")], partial(w.show_layer, "s2t")),
            Command(view, self.tr("&Language and settings…"), [key("Ctrl+,")], w.show_settings),
            Command(
                edit,
                self.tr("Annotate all mentions of this entity in the article"),
                [key("Ctrl+M")],
                partial(w.annotate_mentions, False),
            ),
            Command(
                edit,
                self.tr("Annotate all mentions of this entity in the project"),
                [key("Ctrl+Shift+M")],
                partial(w.annotate_mentions, True),
            ),
            Command(view, self.tr("Show &other coders' annotations"), [key("Ctrl+Shift+O")], w.others.action),
            Command(view, self.tr("Entity &registry…"), [key("Ctrl+Shift+E")], w.show_registry),
            Command(view, self.tr("&Codebook…"), [key("Ctrl+Shift+K")], w.edit_codebook),
            Command(view, self.tr("S&tatistics…"), [key("Ctrl+Shift+T")], w.show_statistics),
            Command(edit, self.tr("Next suggestion"), [key("F8")], partial(w.suggesting.step, 1)),
            Command(edit, self.tr("Previous suggestion"), [key("Shift+F8")], partial(w.suggesting.step, -1)),
            Command(
                edit,
                self.tr("Accept the suggestion (in the article)"),
                [key(Qt.Key.Key_Return), key(Qt.Key.Key_Enter)],
                self._accept_action(w),
            ),
            *[Command(view, label, [], action) for label, action in self._suggestion_toggles(w)],
            Command(team, self.tr("Assignment, &progress and blind mode…"), [key("Ctrl+Shift+P")], w.show_team),
            Command(team, self.tr("A&greement…"), [key("Ctrl+Shift+G")], w.show_agreement),
            Command(team, self.tr("A&djudicate…"), [key("Ctrl+Shift+J")], w.adjudicate),
            Command(help_, self.tr("&Keyboard shortcuts"), [key(key.StandardKey.HelpContents)], w.show_shortcuts),
        ]
        return commands

    def _accept_action(self, w) -> QAction:
        """Return accepts a suggestion only where the coder reads: in the form, Return saves the fields."""
        action = QAction(self.tr("Accept the suggestion (in the article)"), self)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(w._accept_suggestion)
        w.article.addAction(action)
        return action

    def _suggestion_toggles(self, w) -> list[tuple[str, QAction]]:
        """View → Suggest figures / stakeholders / claims: on or off per kind, remembered."""
        toggles = []
        for name in KINDS:
            if name not in w.codebook.kind_names:
                continue
            label = fill(self.tr("Suggest %1"), w.codebook.kind(name).label)
            action = QAction(label, self, checkable=True, checked=w.suggesting.enabled(name))
            action.toggled.connect(partial(w.suggesting.set_enabled, name))
            toggles.append((label, action))
        return toggles

    def _install(self, w) -> None:
        menus: dict[str, QMenu] = {}
        toolbar = w.addToolBar(self.tr("Commands"))
        toolbar.setObjectName("commands")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.shortcut_table: list[tuple[str, str, str]] = []
        last_menu = None
        for command in self._registry(w):
            if command.menu not in menus:
                menus[command.menu] = w.menuBar().addMenu(command.menu)
            if isinstance(command.target, QAction):
                action = command.target
            else:
                action = QAction(command.text, self)
                action.triggered.connect(lambda _checked=False, target=command.target: target())
            action.setShortcuts(command.keys)
            menus[command.menu].addAction(action)
            shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in command.keys if not k.isEmpty())
            self.shortcut_table.append((command.menu.replace("&", ""), command.text.replace("&", ""), shown))
            if command.icon is not None:  # the commands a coder also reaches for with the mouse
                if toolbar.actions() and command.menu != last_menu:
                    toolbar.addSeparator()
                last_menu = command.menu
                action.setIcon(command.icon)
                action.setIconText(command.short)
                action.setToolTip(f"{command.text.replace('&', '')} ({shown})")
                toolbar.addAction(action)

        recent = QMenu(self.tr("Open &recent"), w)
        for label in window_state().value("projects/recent", []) or []:
            if label != w.project.label:
                recent.addAction(label).triggered.connect(lambda _checked=False, label=label: w.open_project(label))
        recent.setEnabled(not recent.isEmpty())
        file_menu = menus[self.tr("&File")]
        file_menu.insertMenu(file_menu.actions()[2], recent)
