"""The build folder: whole builds side by side, one link naming the current one, and a lock.

::

    build/
      builds/000007/      a complete build: the artifacts, store/, manifest.json
      current -> builds/000007
      graph.nq -> current/graph.nq    (and every other artifact, store, manifest.json)
      .lock               held by the build that is writing
      .staging-XXXX/      a build being written (or left by one that was killed)

A build is written to a staging folder, renamed into ``builds/`` and made current by
replacing the ``current`` link in one rename, so a reader that resolves ``current``
once (:func:`current`) sees the old build or the new one, never a mix. The previous
build is kept until the next one is made current, for readers still using it.
"""

import contextlib
import fcntl
import os
from pathlib import Path

from .manifest import ARTIFACTS, MANIFEST, STORE

BUILDS = "builds"
CURRENT = "current"
LOCK = ".lock"
STAGING = ".staging-"
ENTRIES = (*ARTIFACTS, STORE, MANIFEST)  # each reachable as build/NAME


def current(out):
    """The folder of the build that is current in ``out``, resolved once (``out`` itself if it holds no versioned build)."""
    link = Path(out) / CURRENT
    return link.resolve() if link.is_symlink() else Path(out)


@contextlib.contextmanager
def lock(out, notify=None):
    """Hold ``out``'s build lock: a second build waits for the first (``notify`` is told so); released if the holder dies."""
    fd = os.open(Path(out) / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(f"waiting for another build of {out}/ to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def clean(out):
    """Remove what killed builds left: staging folders. Call with the lock held."""
    import shutil

    for path in Path(out).glob(STAGING + "*"):
        shutil.rmtree(path, ignore_errors=True)


def _replace_link(path, target):
    """Make ``path`` a symbolic link to ``target`` in one rename (a real file or folder there is moved aside first)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = path.with_name(f"{STAGING}link-{path.name}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    if path.is_dir() and not path.is_symlink():  # a build from before versioned builds: its store/
        os.rename(path, path.with_name(f"{STAGING}old-{path.name}"))
    os.replace(tmp, path)


def publish(out, staging):
    """Make the complete build in ``staging`` the current one of ``out``, atomically. Call with the lock held."""
    import shutil

    out = Path(out)
    builds = out / BUILDS
    builds.mkdir(exist_ok=True)
    number = 1 + max((int(p.name) for p in builds.iterdir() if p.name.isdigit()), default=0)
    target = builds / f"{number:06d}"
    os.chmod(staging, 0o755)  # made private by mkdtemp
    os.rename(staging, target)
    previous = current(out)
    _replace_link(out / CURRENT, f"{BUILDS}/{target.name}")  # the switch
    for name in ENTRIES:
        _replace_link(out / name, f"{CURRENT}/{name}")
    for old in builds.iterdir():
        if old.resolve() not in (target.resolve(), previous.resolve()):
            shutil.rmtree(old, ignore_errors=True)
    clean(out)
