"""Where a figure is written: PNG paths checked before drawing, and saving.

tropgeo writes PNG figures only and never overwrites a file it did not write: a
PNG it saves carries ``Software: tropgeo`` in a text chunk, and only such a file
may be replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from tropgeo.errors import InvalidInputError

__all__ = ["figure_path"]


def output_path(path: str | os.PathLike | None) -> Path | None:
    """The exact file a figure will be written to, checked before anything is drawn.

    tropgeo draws PNGs only: a name without a suffix gets ``.png`` appended (as
    matplotlib would do when saving), any suffix other than ``.png`` is refused, and
    the check that a user's file is never overwritten is made on that final path.
    """
    if path is None:
        return None
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"path={path!r} must be a str or os.PathLike naming a .png file")
    p = Path(path)
    if p.name in ("", ".", "..") or p.is_dir():
        raise InvalidInputError(f"path={str(path)!r} must name a .png file, not a folder")
    if p.suffix == "":
        p = p.with_name(p.name + ".png")
    elif p.suffix.lower() != ".png":
        raise InvalidInputError(
            f"path={str(path)!r} has the suffix {p.suffix!r}; tropgeo draws PNG figures, "
            "so the path must end in .png (or have no suffix, and .png is appended)"
        )
    if not p.parent.is_dir():
        raise InvalidInputError(f"path={str(p)!r}: the folder {str(p.parent)!r} does not exist")
    if p.is_symlink() or (p.exists() and not p.is_file()):
        raise InvalidInputError(f"path={str(p)!r} exists and is not a regular file; refusing to write there")
    if p.exists() and not _is_our_png(p):
        raise InvalidInputError(
            f"path={str(p)!r} exists and is not a figure written by tropgeo; "
            "remove it or choose another path (a user's file is never overwritten)"
        )
    return p


def figure_path(path: str | os.PathLike) -> Path:
    """The file a plotting function given ``path`` writes, checked as it checks it.

    For callers that draw after a long computation: checking first means a bad path is
    refused before the work, not after it.  ``.png`` is appended to a name without a
    suffix; another suffix, a missing folder, or an existing file that is not a figure
    written by tropgeo is refused.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> figure_path(os.path.join(folder, "regions")).name
    'regions.png'
    >>> with open(os.path.join(folder, "mine.png"), "wb") as fh:
    ...     _ = fh.write(b"a user's picture")
    >>> figure_path(os.path.join(folder, "mine.png"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../mine.png' exists and is not a figure written by tropgeo; remove it or choose another path (a user's file is never overwritten)
    >>> import shutil
    >>> shutil.rmtree(folder)
    """
    target = output_path(path)
    if target is None:
        raise InvalidInputError("path=None must be a str or os.PathLike naming a .png file")
    return target


def save_figure(figure: Figure, target: Path | None) -> Path | None:
    """Write ``figure`` to ``target`` (from :func:`output_path`), re-checking it just before writing."""
    if target is None:
        return None
    output_path(target)  # a user's file may have appeared there while the figure was drawn
    figure.savefig(target, format="png", dpi=150, metadata={"Software": _SOFTWARE})
    return target


_SOFTWARE = "tropgeo"


def _is_our_png(p: Path) -> bool:
    """A PNG whose text chunk says it was written by :func:`save_figure` (read: the first 64 KiB)."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    return head.startswith(b"\x89PNG\r\n\x1a\n") and b"Software\x00" + _SOFTWARE.encode() in head
