"""Writing a file so that nobody sees half of it, and leaving nothing behind.

The content goes to a temporary file beside the target, named ``.NAME.kznames-tmp-PID``, which
is renamed over the target once complete: a reader sees the old file or the new one, never a
part. The temporary file gets the mode an ordinary write would give (the target's mode when it
exists, else ``0o666`` less the umask), not ``mkstemp``'s ``0o600``. It is removed on any
exception, ``KeyboardInterrupt`` and the command line's SIGTERM included; one left by a killed
process (SIGKILL, power loss) is removed by the next write to the same target once its process
is gone.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_path(folder / "out.txt") as temporary:
...     _ = temporary.write_text("done", encoding="utf-8")
>>> sorted(p.name for p in folder.iterdir()), (folder / "out.txt").read_text(encoding="utf-8")
(['out.txt'], 'done')
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

__all__ = [
    "TEMPORARY_MARK",
    "atomic_path",
    "private_folder",
    "probe",
    "process_alive",
    "remove_stale",
    "temporary_name",
]

TEMPORARY_MARK: Final = ".kznames-tmp-"


def temporary_name(target: Path, pid: int | None = None) -> Path:
    """The temporary file beside ``target`` that this process (or ``pid``) writes.

    >>> temporary_name(Path("data/out.csv"), 42).as_posix()
    'data/.out.csv.kznames-tmp-42'
    """
    return target.with_name(f".{target.name}{TEMPORARY_MARK}{os.getpid() if pid is None else pid}")


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (any user's).

    >>> process_alive(os.getpid())
    True
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary files of earlier writes to ``target`` whose process is gone; the
    removed paths. A file of a live process (a concurrent write) is left alone."""
    pattern = re.compile(re.escape(f".{target.name}{TEMPORARY_MARK}") + r"(\d+)")
    removed: list[Path] = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or int(found.group(1)) == os.getpid():
            continue
        if not process_alive(int(found.group(1))):
            try:
                entry.unlink()
            except OSError:
                continue
            removed.append(entry)
    return removed


def _ordinary_mode(target: Path) -> int | None:
    """The mode of an existing target (an ordinary write keeps it); None when it is new."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return None


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write; renamed over ``target`` when the block ends without an
    exception, removed otherwise. Raises ``OSError`` when the folder cannot be written. A
    symbolic link is written through, as an ordinary write does: its target is replaced, the
    link kept."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    remove_stale(target)
    temporary = temporary_name(target)
    # Created here, with O_EXCL and the ordinary mode, so that the caller's writer only opens it.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, 0o666)
    try:
        os.close(handle)
        mode = _ordinary_mode(target)
        if mode is not None:
            os.chmod(temporary, mode)
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def probe(target: Path) -> None:
    """Raise ``OSError`` unless a temporary file can be created beside ``target`` (a missing
    or read-only folder, a read-only file system, no space for an empty file)."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    remove_stale(target)
    temporary = temporary_name(target)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(handle)
    temporary.unlink()


_FOLDER_MARK: Final = "kznames-"


@contextmanager
def private_folder(purpose: str) -> Iterator[Path]:
    """A temporary folder named ``kznames-PURPOSE-PID-…`` in the system's temporary folder,
    removed when the block ends however it ends; folders of the same purpose left by processes
    that are gone (killed with SIGKILL) are removed first."""
    folder = new_private_folder(purpose)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_private_folder(purpose: str) -> Path:
    """A new folder ``kznames-PURPOSE-PID-…`` in the system's temporary folder, after removing
    those of the same purpose whose processes are gone; the caller removes it."""
    base = Path(tempfile.gettempdir())
    pattern = re.compile(re.escape(f"{_FOLDER_MARK}{purpose}-") + r"(\d+)-.*")
    try:
        for entry in base.iterdir():
            found = pattern.fullmatch(entry.name)
            if found and entry.is_dir() and not process_alive(int(found.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f"{_FOLDER_MARK}{purpose}-{os.getpid()}-", dir=base))
