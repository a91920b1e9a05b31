"""Polytope files: the format from the suffix, atomic writes that overwrite only tropgeo's own files."""

from __future__ import annotations

import os
import tempfile
from typing import Any, Union

from tropgeo.errors import InvalidInputError
from tropgeo.export._numbers import PolytopeLike, _as_polytope
from tropgeo.export.cdd_format import _MARKER, _from_ext, _from_ine, to_ext, to_ine
from tropgeo.export.json_format import _JSON_PREFIX, _from_json, to_json
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope

__all__ = ["write_polytope", "read_polytope"]

_SUFFIXES = {".ext": "ext", ".ine": "ine", ".json": "json"}

PathLike = Union[str, os.PathLike[str]]


def _path_and_format(path: Any, format: Any) -> tuple[str, str]:
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"path={path!r} must be a str or os.PathLike (of str)")
    p = os.fspath(path)
    if not isinstance(p, str) or not p:
        raise InvalidInputError(f"path={p!r} must be a nonempty str path")
    suffix = os.path.splitext(p)[1].lower()
    if format is None:
        if suffix not in _SUFFIXES:
            raise InvalidInputError(
                f"path={p!r} has suffix {suffix!r}; expected .ext, .ine or .json, or pass format='ext', 'ine' or 'json'"
            )
        return p, _SUFFIXES[suffix]
    if format not in ("ext", "ine", "json"):
        raise InvalidInputError(f"format={format!r} must be 'ext', 'ine', 'json' or None (from the suffix of path)")
    if suffix in _SUFFIXES and _SUFFIXES[suffix] != format:
        raise InvalidInputError(f"format={format!r} contradicts the suffix {suffix!r} of path={p!r}")
    return p, format


def _is_ours(path: str) -> bool:
    """Whether the regular file at ``path`` starts like a polytope file tropgeo writes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith((_MARKER.encode() + b"\n", _MARKER.encode() + b"\r\n", _JSON_PREFIX.encode()))


def write_polytope(P: PolytopeLike, path: PathLike, format: str | None = None, *, overwrite: bool = False) -> str:
    """Write a polytope to a file as ``.ext``, ``.ine`` or ``.json``; return the path.

    The file is written atomically (a temporary file renamed over ``path``) with the usual
    permissions (``0o666`` less the umask).  An existing file is replaced only when it is a
    polytope file written by tropgeo (it starts with ``* tropgeo-polytope/`` or
    ``{"format": "tropgeo-polytope/``) or when ``overwrite=True``; directories, links and
    other non-regular files are never replaced.

    Parameters
    ----------
    P : Polytope or Zonotope
    path : str or os.PathLike
        The directory must exist.
    format : {'ext', 'ine', 'json'} or None
        ``None`` takes it from the suffix of ``path`` (``.ext``, ``.ine``, ``.json``, any
        case); a format contradicting one of these suffixes is refused.
    overwrite : bool
        Replace an existing regular file that tropgeo did not write.

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        For a bad path or format, an existing file that is not ours (without
        ``overwrite=True``), or a file that cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> from tropgeo import convex_hull
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = tmp.name
    >>> path = write_polytope(convex_hull([(0, 0), (1, 1)]), os.path.join(folder, "segment.ine"))
    >>> read_polytope(path)
    Polytope(vertices=((0, 0), (1, 1)))
    >>> with open(os.path.join(folder, "notes.json"), "w") as fh:
    ...     _ = fh.write("{}")
    >>> write_polytope(convex_hull([(0, 0)]), os.path.join(folder, "notes.json"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../notes.json' exists and is not a polytope file written by tropgeo; refusing to overwrite it (pass overwrite=True, remove it, or choose another path)
    >>> tmp.cleanup()
    """
    P = _as_polytope(P)
    if not isinstance(overwrite, bool):
        raise InvalidInputError(f"overwrite={overwrite!r} must be True or False")
    p, fmt = _path_and_format(path, format)
    text = {"ext": to_ext, "ine": to_ine, "json": lambda Q: to_json(Q) + "\n"}[fmt](P)
    if os.path.isdir(p):
        raise InvalidInputError(f"path={p!r} is a directory; give a file path")
    if os.path.lexists(p):
        if os.path.islink(p) or not os.path.isfile(p):
            raise InvalidInputError(f"path={p!r} exists and is not a regular file; refusing to write there")
        if not overwrite and not _is_ours(p):
            raise InvalidInputError(
                f"path={p!r} exists and is not a polytope file written by tropgeo; refusing to overwrite it "
                "(pass overwrite=True, remove it, or choose another path)"
            )
    directory = os.path.dirname(os.path.abspath(p))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tropgeo-polytope-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InvalidInputError(f"path={p!r} cannot be written: {exc.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return p


def read_polytope(
    path: PathLike, format: str | None = None, *, max_work: int | None = DEFAULT_MAX_HULL_WORK
) -> Polytope:
    """Read a polytope from an ``.ext``, ``.ine`` or ``.json`` file (validated as in
    :func:`from_ext`, :func:`from_ine`, :func:`from_json`; messages name the file).

    Parameters
    ----------
    path : str or os.PathLike
    format : {'ext', 'ine', 'json'} or None
        ``None`` takes it from the suffix of ``path``.
    max_work : int or None
        Passed to :func:`~tropgeo.polytope.convex_hull` for ``.ext`` and ``.json`` (an
        ``.ine``'s vertices come from cddlib's vertex enumeration and are checked without
        a limit).

    Returns
    -------
    Polytope

    Examples
    --------
    >>> import os, tempfile
    >>> from tropgeo import zonotope
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = os.path.join(tmp.name, "square.json")
    >>> read_polytope(write_polytope(zonotope([[1, 0], [0, 1]]), path))
    Polytope(vertices=((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> read_polytope(path + ".missing", format="json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../square.json.missing' cannot be read: No such file or directory
    >>> tmp.cleanup()
    """
    p, fmt = _path_and_format(path, format)
    try:
        with open(p, encoding="utf-8-sig") as fh:  # a byte order mark is not content
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"path={p!r} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise InvalidInputError(f"path={p!r} cannot be read: {exc.strerror}") from None
    source = repr(p)
    if fmt == "ext":
        return _from_ext(text, source=source, max_work=max_work)
    if fmt == "ine":
        return _from_ine(text, source=source)
    return _from_json(text, source=source, max_work=max_work)
