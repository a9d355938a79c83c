"""Files only this user may read: what DATA_DIR holds (e-mail addresses, password hashes, the
signing key) is nobody else's business on a shared machine."""

import os
from pathlib import Path

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def private_directory(path: Path) -> Path:
    """`path`, made with its missing parents readable by this user only (0700). A directory that
    exists is left as it is (it may be shared, `/tmp`): its files are made private one by one."""
    missing = [each for each in (path, *path.parents) if not each.exists()]
    path.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    for each in missing:  # mkdir's mode passes through the umask, its parents' does not apply
        os.chmod(each, PRIVATE_DIRECTORY)
    return path


def private_file(path: Path) -> Path:
    """`path`, readable and writable by this user only (0600): made empty when missing (so it
    never exists with wider rights, even for a moment), narrowed when it was wider.

    An existing file is never opened here, only chmod-ed: closing any descriptor of a file
    drops every POSIX lock this process holds on it, which is how SQLite locks its files."""
    private_directory(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
        except FileExistsError:  # made meanwhile by another process
            pass
    if os.stat(path).st_mode & 0o777 != PRIVATE_FILE:
        os.chmod(path, PRIVATE_FILE)
    return path
