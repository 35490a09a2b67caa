"""The action registry: every menu and toolbar action declared once, keyed by a string Enum."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget


class Act(str, Enum):
    IMPORT = "actionImport"
    IMPORT_FOLDER = "actionImportFolder"
    LOAD_DEMO = "actionLoadDemo"
    OPEN_LIBRARY = "actionOpenLibrary"
    REMOVE_DEMO = "actionRemoveDemo"
    WATCH_INBOX = "actionWatchInbox"
    STOP_INBOX = "actionStopInbox"
    CANCEL_IMPORT = "actionCancelImport"
    REBUILD = "actionRebuild"
    QUIT = "actionQuit"
    FOCUS_SEARCH = "actionFocusSearch"
    OPEN = "actionOpenResult"
    OPEN_NEW_PANE = "actionOpenInNewPane"
    OPEN_SIDE_BY_SIDE = "actionOpenSideBySide"
    CLOSE_PANE = "actionClosePane"
    EDIT_DETAILS = "actionEditDetails"
    NEXT_HIT = "actionNextHit"
    PREVIOUS_HIT = "actionPreviousHit"
    ADD_EXCERPT = "actionAddExcerpt"
    ADD_NOTE = "actionAddNote"
    ADD_PICTURE = "actionAddPicture"
    REDRAW_PICTURE = "actionRedrawPicture"
    ADD_SECTION = "actionAddSection"
    REMOVE_ITEM = "actionRemoveItem"
    NEW_BRIEFING = "actionNewBriefing"
    OPEN_BRIEFING = "actionOpenBriefing"
    SAVE_BRIEFING = "actionSaveBriefing"
    SAVE_BRIEFING_AS = "actionSaveBriefingAs"
    EXPORT_BRIEFING = "actionExportBriefing"
    COPY_MARKDOWN = "actionCopyMarkdown"
    UNDO = "actionUndo"
    REDO = "actionRedo"
    SHOW_IMPORT_LOG = "actionShowImportLog"
    RESET_LAYOUT = "actionResetLayout"
    SHOW_QUOTES = "actionShowQuotes"
    SHOW_TIMELINE = "actionShowTimeline"
    SHOW_NETWORK = "actionShowNetwork"
    NEXT_AREA = "actionNextArea"
    PREVIOUS_AREA = "actionPreviousArea"
    KEYBOARD_SHORTCUTS = "actionKeyboardShortcuts"
    SEARCH_SYNTAX = "actionSearchSyntax"
    ABOUT = "actionAbout"


@dataclass(frozen=True)
class Spec:
    text: str
    shortcut: object = None  # QKeySequence.StandardKey, a string, or a list of them
    tip: str = ""
    icon: str = ""


SPECS: dict[Act, Spec] = {
    Act.IMPORT: Spec("&Import Files…", QKeySequence.StandardKey.Open, "Import articles into the library", "import"),
    Act.IMPORT_FOLDER: Spec("Import &Folder…", "Ctrl+Shift+I", "Import every article in a folder", "folder"),
    Act.WATCH_INBOX: Spec("&Watch Inbox Folder…", None, "Choose a folder: files dropped into it (or changed "
                          "there) are imported within seconds"),
    Act.STOP_INBOX: Spec("S&top Watching Inbox", None, "Stop importing the files dropped into the inbox folder"),
    Act.LOAD_DEMO: Spec("Load &Demo Articles", None, "Import the bundled demo articles"),
    Act.OPEN_LIBRARY: Spec("Open &Library…", None, "Open another library folder in a new window (this one closes)"),
    Act.REMOVE_DEMO: Spec("Remove Demo &Articles…", None, "Remove the invented demo articles from the library"),
    Act.CANCEL_IMPORT: Spec("&Cancel Import", None, "Stop the running import; what is done is kept", "cancel"),
    Act.REBUILD: Spec("&Rebuild Index", None, "Recreate the search index from the article store"),
    Act.QUIT: Spec("&Quit", QKeySequence.StandardKey.Quit),
    Act.FOCUS_SEARCH: Spec("&Find…", QKeySequence.StandardKey.Find, "Focus the search box", "search"),
    Act.OPEN: Spec("&Open Article", None, "Open the current result in the active pane"),
    Act.OPEN_NEW_PANE: Spec("Open in &New Pane", "Ctrl+Return", "Open the current result in a new pane"),
    Act.OPEN_SIDE_BY_SIDE: Spec(
        "Open &Side by Side", "Ctrl+Shift+Return", "Open each selected result in its own pane", "open-side-by-side"
    ),
    Act.CLOSE_PANE: Spec("&Close Pane", QKeySequence.StandardKey.Close, "Close the active reader pane", "close-pane"),
    Act.EDIT_DETAILS: Spec("Edit &Details…", "Ctrl+Shift+D", "Correct the title, date, author, outlet, web address "
                           "or language of the article in the active pane"),
    # F3 first on every desktop (a GTK theme's FindNext is Ctrl+G alone); Ctrl+G as the second key.
    Act.NEXT_HIT: Spec("&Next Hit", ["F3", "Ctrl+G"], "Go to the next search hit", "next"),
    Act.PREVIOUS_HIT: Spec("&Previous Hit", ["Shift+F3", "Ctrl+Shift+G"], "Go to the previous search hit", "previous"),
    Act.ADD_EXCERPT: Spec(
        "&Add Excerpt to Briefing", "Ctrl+B", "Add the selected passage to the briefing with its citation", "add-excerpt"
    ),
    Act.ADD_NOTE: Spec("Add &Note", None, "Add a note of your own to the briefing"),
    Act.ADD_PICTURE: Spec("Add &Picture to Briefing", None, "Add the current timeline or network, with its query"),
    Act.REDRAW_PICTURE: Spec("Draw Picture &Again from Its Query", None, "Redraw the selected briefing picture now"),
    Act.ADD_SECTION: Spec("Add &Section", None, "Add a section to the briefing"),
    Act.REMOVE_ITEM: Spec("&Remove from Briefing", None, "Remove the selected briefing item or section"),
    Act.NEW_BRIEFING: Spec("&New Briefing", QKeySequence.StandardKey.New),
    Act.OPEN_BRIEFING: Spec("&Open Briefing…", "Ctrl+Shift+O"),
    Act.SAVE_BRIEFING: Spec("&Save Briefing", QKeySequence.StandardKey.Save, "Save the briefing", "save"),
    Act.SAVE_BRIEFING_AS: Spec("Save Briefing &As…", QKeySequence.StandardKey.SaveAs),
    Act.EXPORT_BRIEFING: Spec("&Export Briefing…", "Ctrl+E", "Export the briefing to Markdown or HTML", "export"),
    Act.COPY_MARKDOWN: Spec("&Copy Briefing as Markdown", "Ctrl+Shift+C"),
    Act.UNDO: Spec("&Undo", "Ctrl+Z", "Undo the last briefing edit (an actor correction in the Actors panel, "
                   "an article's details when they changed last)", "undo"),
    Act.REDO: Spec("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo what was undone", "redo"),
    Act.SHOW_IMPORT_LOG: Spec("Import &Log", None, "Show what each import did with every file"),
    Act.RESET_LAYOUT: Spec("&Reset Layout", None, "Put the panels back where they started"),
    Act.SHOW_QUOTES: Spec("&Quotes", "Ctrl+Shift+Q", "Show the Quotes panel (who said what) and move the keyboard "
                          "focus to it; pressed there, close it"),
    Act.SHOW_TIMELINE: Spec("&Timeline", "Ctrl+Shift+T", "Show the Timeline of the search and move the keyboard "
                            "focus to it; pressed there, close it"),
    Act.SHOW_NETWORK: Spec("Net&work", "Ctrl+Shift+N", "Show the Network of the search and move the keyboard "
                           "focus to it; pressed there, close it"),
    Act.NEXT_AREA: Spec("Next &Area", "F6", "Move the keyboard focus to the next area: search, results, panes, "
                        "briefing, quotes, actors, timeline, network (those on show)"),
    Act.PREVIOUS_AREA: Spec("Previous A&rea", "Shift+F6", "Move the keyboard focus to the previous area"),
    Act.KEYBOARD_SHORTCUTS: Spec("&Keyboard Shortcuts", "Ctrl+/", "Every shortcut of the app"),
    Act.SEARCH_SYNTAX: Spec("&Search Syntax", QKeySequence.StandardKey.HelpContents,
                            "What you can type in the search box"),
    Act.ABOUT: Spec("&About Briefing Reader", None),
}

# Keys that widgets handle themselves (no menu action); Help > Keyboard Shortcuts lists them after the actions.
WIDGET_KEYS: tuple[tuple[str, str], ...] = (
    ("Return", "In the search box: search. In the results: open the current result in the active pane"),
    ("Down", "In the search box: move into the results"),
    ("Alt+Down", "In the search box: show the query history"),
    ("Tab, Shift+Tab", "Move between the search box, the results, the reader panes and the briefing"),
    ("Delete", "In the briefing: remove the selected item or section"),
    ("Return, double-click", "In the briefing: show the selected excerpt, selected, in its article"),
    ("Ctrl+B", "In the Quotes list: add the selected quote to the briefing, its speaker in the citation "
               "(reported speech cited as reported)"),
    ("Return", "In the Quotes list: show the selected quote in its article"),
    ("Right, Left", "In the Timeline: step through the quote marks by date; Return opens the chosen quote"),
    ("Menu, Shift+F10", "In the Actors list: rename, merge, alias, type or ignore the current actor; "
                        "Ctrl+Z there undoes the last of these"),
    ("Alt+letter", "Open a menu by its underlined letter; every action is in a menu"),
)


def _keys(shortcut) -> list[QKeySequence]:
    if shortcut is None:
        return []
    if isinstance(shortcut, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(shortcut)
    if isinstance(shortcut, (list, tuple)):
        return [QKeySequence(s) for s in shortcut]
    return [QKeySequence(shortcut)]


def key_text(shortcut) -> str:
    """A shortcut as the user reads it ("Ctrl+Shift+Return", several joined by commas), "" when none."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in _keys(shortcut))


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(action, keys, what it does) for every action of the registry, then the widgets' own keys."""
    rows = [(spec.text.replace("&", "").rstrip("…"), key_text(spec.shortcut), spec.tip) for spec in SPECS.values()]
    return rows + [("", keys, what) for keys, what in WIDGET_KEYS]


def icon(name: str) -> QIcon:
    """An icon from resources/icons (SVG or PNG), or an empty icon when absent."""
    if not name:
        return QIcon()
    try:
        from indexer.paths import resource

        for ext in ("svg", "png"):
            path = resource("icons", f"{name}.{ext}")
            if path.is_file():
                return QIcon(str(path))
    except FileNotFoundError:
        pass
    return QIcon()


def build_actions(parent: QWidget) -> dict[Act, QAction]:
    """Create every QAction with its objectName, shortcut(s), tooltip and icon."""
    actions = {}
    for key, spec in SPECS.items():
        action = QAction(spec.text, parent)
        action.setObjectName(key.value)
        keys = _keys(spec.shortcut)
        if keys:
            action.setShortcuts(keys)
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        if keys:
            tip += f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setIcon(icon(spec.icon))
        parent.addAction(action)
        actions[key] = action
    return actions
