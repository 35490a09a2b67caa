"""Where things live: the user's library folder and the bundled resources."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import sys
from pathlib import Path, PurePath

from .errors import BriefingReaderError

APP_NAME = "briefing-reader"
ENV_HOME = "BRIEFING_READER_HOME"

log = logging.getLogger(__name__)


def default_library_dir() -> Path:
    """The library folder: $BRIEFING_READER_HOME, else the platformdirs user data folder."""
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        refuse_team_address(env)
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "library"


# -- team libraries: a postgresql:// address is not a folder -----------------------------
# Also matches what pathlib makes of one ("postgresql://h/db" -> "postgresql:/h/db"), so no layer can turn it
# into a local folder named "postgresql:".
_TEAM_ADDRESS = re.compile(r"(?i)^\s*postgres(?:ql)?:(?:/|$)")
# libpq's other form, "host=db.example dbname=team user=anna": also an address, never a folder name.
_KEYWORD_ADDRESS = re.compile(
    r"(?i)^\s*(?:host|hostaddr|port|dbname|user|password|passfile|service|sslmode|options|connect_timeout)\s*=")


class TeamLibraryNotReadyError(BriefingReaderError):
    """A PostgreSQL address was given where only a library folder can stand (default_library_dir)."""

    def __init__(self, location: object):
        super().__init__(
            f"{redact_address(str(location))} is the address of a team library, not a library folder; nothing "
            "was created. Open it as a library (--library ADDRESS, or File ▸ Open Library…), or give a folder."
        )


def is_team_address(location: str | os.PathLike | None) -> bool:
    """Whether `location` is a PostgreSQL address (postgresql://..., postgres://... or libpq's keyword form
    "host=... dbname=..."), not a folder."""
    if location is None:
        return False
    text = os.fspath(location)
    return bool(_TEAM_ADDRESS.match(text) or _KEYWORD_ADDRESS.match(text))


def refuse_team_address(location: str | os.PathLike | None) -> None:
    """TeamLibraryNotReadyError for a PostgreSQL address where a folder is needed: never make a folder of one."""
    if is_team_address(location):
        raise TeamLibraryNotReadyError(location)


class TeamLibraryError(BriefingReaderError):
    """A team library address that cannot be opened here: no driver, or an address pathlib has mangled."""


def default_library_location() -> Path | str:
    """Where the library is: $BRIEFING_READER_HOME (a folder or a postgresql:// address), else the user data folder."""
    env = os.environ.get(ENV_HOME, "").strip()
    return env if is_team_address(env) else default_library_dir()


def team_address(location: str | os.PathLike | None) -> str | None:
    """The PostgreSQL address `location` names, or None for a folder. An address that went through pathlib
    ("postgresql://h/db" -> "postgresql:/h/db") cannot be read back, and is refused with a message."""
    if not is_team_address(location):
        return None
    if isinstance(location, PurePath):
        raise TeamLibraryError("The team library address lost a slash on the way (it was read as a file path); "
                               "give it as text, e.g. postgresql://host/database. Nothing was created.")
    address = os.fspath(location).strip()
    import importlib.util  # only for a team address: an installed app's start-up need not load it

    if importlib.util.find_spec("psycopg") is None:
        raise TeamLibraryError(f"{redact_address(address)} is a team library on PostgreSQL, which needs the psycopg "
                               "driver: pip install 'briefing-reader[team]'. Nothing was created.")
    if _KEYWORD_ADDRESS.match(address):  # one form everywhere after this: messages, folders, the window's title
        from .pg_store import keyword_address_as_uri

        return keyword_address_as_uri(address)
    return address


def team_local_dir(address: str) -> Path:
    """This user's own folder for a team library (its logs, briefings and actor files), named by a digest
    of the address without its password."""
    from platformdirs import user_data_path

    digest = hashlib.sha256(redact_address(address).encode("utf-8")).hexdigest()[:16]
    return user_data_path(APP_NAME, appauthor=False) / "team-libraries" / digest


def redact_address(text: str) -> str:
    """The address without its password (URI `user:secret@` or keyword `password=secret`)."""
    text = re.sub(r"(://[^/@:]*):[^/@]*@", r"\1@", text)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", text)


def resources_dir() -> Path:
    """The `resources/` folder, from a source checkout, an installed wheel or a PyInstaller bundle."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    # Source checkout and wheel alike: resources/ sits beside the indexer package.
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "gazetteer").is_dir() or (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError(
        "Briefing Reader's resources folder is missing; reinstall the application. Looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource(*parts: str) -> Path:
    """Path of one bundled resource, e.g. resource("demo")."""
    return resources_dir().joinpath(*parts)


def demo_articles() -> list[Path]:
    """The bundled demo corpus, in story order, without its README."""
    folder = resource("demo")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower() != "readme.md" and not p.name.startswith("."))


# -- privacy: the library tree is readable by its owner only ---------------------------
PRIVATE_DIR_MODE, PRIVATE_FILE_MODE = 0o700, 0o600


def make_private(path: Path, *, warn: bool = True) -> bool:
    """Take every permission away from group and others: folders end up 700 and files 600 whatever the umask
    made them (or stricter where the owner chose so: a read-only file stays read-only). Links are left alone,
    since chmod would change their target. Returns False, with a warning unless `warn` is off, if it cannot."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return True
        mode = stat.S_IMODE(info.st_mode)
        wanted = mode & (PRIVATE_DIR_MODE if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE_MODE)
        if wanted != mode:
            os.chmod(path, wanted)
        return True
    except FileNotFoundError:
        return True  # gone meanwhile (a temporary file): nothing to protect
    except OSError as exc:
        if warn:
            log.warning("cannot make %s readable by you only (%s); other users may be able to read it",
                        path, exc.strerror or exc)
        return False


def make_tree_private(top: Path) -> list[Path]:
    """make_private() on `top` and, for a folder, everything under it (links not followed).
    Returns the paths it could not change, without warning: the caller says it once."""
    failed = [] if make_private(top, warn=False) else [top]
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = Path(folder) / name
            if not make_private(path, warn=False):
                failed.append(path)
    return failed


def file_stamp(path: Path) -> tuple:
    """(mtime, size, inode) of a file, (0, 0, 0) when it cannot be read: an atomic replace gives the file a new
    inode even within one clock tick, so a change by another process is always seen."""
    try:
        info = path.stat()
        return (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        return (0, 0, 0)
