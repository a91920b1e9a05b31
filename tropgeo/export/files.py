"""Polytope files: the format from the suffix, atomic writes that overwrite only tropgeo's own
files, and reads that take regular files of bounded size only.

The file helpers here (:func:`file_path`, :func:`read_regular_file`,
:func:`check_replaceable`, :func:`atomic_write_text`) are also what
``tropgeo.validation`` writes its certificates with: one implementation of "never
destroy a file that is not ours, never hang on a FIFO, never read a device".
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Any, Callable, Union

from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.export._numbers import PolytopeLike, _as_polytope
from tropgeo.export.cdd_format import _from_ext, _from_ine, _is_cdd_polytope, to_ext, to_ine
from tropgeo.export.json_format import _from_json, _is_json_polytope, to_json
from tropgeo.numbers import as_int
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope
from tropgeo.zonotope import DEFAULT_MAX_VERTICES, Zonotope

__all__ = ["write_polytope", "read_polytope", "DEFAULT_MAX_FILE_BYTES"]

_SUFFIXES = {".ext": "ext", ".ine": "ine", ".json": "json"}

DEFAULT_MAX_FILE_BYTES = 64 * 2**20
"""Files larger than this many bytes are not read (raise with ``max_bytes=...``)."""

PathLike = Union[str, os.PathLike[str]]


# --- file helpers (shared with tropgeo.validation) -----------------------------------


def file_path(path: Any, *, name: str) -> str:
    """``path`` as a str: a nonempty ``str`` or ``os.PathLike`` of str, without NUL bytes.

    Examples
    --------
    >>> file_path("a\\x00b.ext", name="path")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='a\\x00b.ext' contains a NUL byte, which no file name can hold
    """
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"{name}={path!r} must be a str or os.PathLike (of str)")
    p = os.fspath(path)
    if not isinstance(p, str) or not p:
        raise InvalidInputError(f"{name}={p!r} must be a nonempty str path")
    if "\x00" in p:
        raise InvalidInputError(f"{name}={p!r} contains a NUL byte, which no file name can hold")
    return p


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def read_regular_file(p: str, *, name: str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``p`` (links followed), at most ``max_bytes`` of them.

    Opened without blocking and checked on the open descriptor, so that a FIFO, a device
    (``/dev/zero``) or a directory is refused at once, even when it replaced a regular
    file after a check by name.

    Raises
    ------
    InvalidInputError
        When ``p`` cannot be opened or is not a regular file.
    SizeLimitError
        When it holds more than ``max_bytes`` bytes (the message gives the size).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise InvalidInputError(f"{name}={p!r} cannot be read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InvalidInputError(f"{name}={p!r} is {_kind(st.st_mode)}, not a regular file; refusing to read it")
        if st.st_size > max_bytes:
            raise SizeLimitError(
                f"{name}={p!r} holds {st.st_size} bytes, more than max_bytes={max_bytes}; pass max_bytes=... to read it"
            )
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we read
        raise SizeLimitError(
            f"{name}={p!r} holds more than max_bytes={max_bytes} bytes; pass max_bytes=... to read it"
        )
    return data


def check_replaceable(
    p: str, *, name: str, is_ours: Callable[[str], bool], overwrite: bool, refusal: str
) -> int | None:
    """Refuse to write at ``p`` unless it is free, or a regular file that ``is_ours`` (or
    ``overwrite``); return the permission bits of the file to replace (None when none).

    Directories, links and other non-regular files are never replaced.  ``refusal`` ends
    the message for an existing file that is not ours.
    """
    if os.path.isdir(p):
        raise InvalidInputError(f"{name}={p!r} is a directory; give a file path")
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InvalidInputError(f"{name}={p!r} cannot be checked: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InvalidInputError(f"{name}={p!r} exists and is not a regular file; refusing to write there")
    if not overwrite and not is_ours(p):
        raise InvalidInputError(f"{name}={p!r} exists and {refusal}")
    return stat.S_IMODE(st.st_mode)


def atomic_write_text(
    p: str, text: str, *, name: str, prefix: str, mode: int | None = None, make_dirs: bool = False
) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to a temporary file in the target's
    directory and rename it over ``p``, so that ``p`` is never half written.

    The file gets the permission bits ``mode`` (those of the file it replaces, from
    :func:`check_replaceable`), or when None the usual ``0o666`` less the umask, never the
    private mode of a temporary file.
    """
    directory = os.path.dirname(os.path.abspath(p))
    try:
        if make_dirs:
            os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InvalidInputError(f"{name}={p!r} cannot be written: {exc.strerror}") from None
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- polytope files ------------------------------------------------------------------


def _path_and_format(path: Any, format: Any) -> tuple[str, str]:
    p = file_path(path, name="path")
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


def _decode(data: bytes, p: str) -> str:
    """UTF-8 text (a byte order mark is not content), line ends made ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"path={p!r} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_ours(p: str) -> bool:
    """Whether the file at ``p`` parses completely as a polytope file that tropgeo writes
    (``.ext``/``.ine`` text starting with the marker comment, or tropgeo's JSON with its
    keys only); a first line alone proves nothing.  Files over
    :data:`DEFAULT_MAX_FILE_BYTES` are not read, hence not ours."""
    try:
        text = _decode(read_regular_file(p, name="path", max_bytes=DEFAULT_MAX_FILE_BYTES), p)
    except (InvalidInputError, SizeLimitError):
        return False
    return _is_cdd_polytope(text) or _is_json_polytope(text)


def write_polytope(P: PolytopeLike, path: PathLike, format: str | None = None, *, overwrite: bool = False) -> str:
    """Write a polytope to a file as ``.ext``, ``.ine`` or ``.json``; return the path.

    The file is written atomically (a temporary file renamed over ``path``) with the usual
    permissions (``0o666`` less the umask), or those of the file it replaces.  An existing
    file is replaced only when it is a polytope file written by tropgeo (the whole file
    parses as one: ``.ext``/``.ine`` text whose first line is ``* tropgeo-polytope/1``, or
    JSON with ``"format": "tropgeo-polytope/1"`` and no other keys than tropgeo's; at most
    64 MiB are read to decide) or when ``overwrite=True``; directories, links and other
    non-regular files are never replaced.

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
    if not isinstance(P, Zonotope):
        P = _as_polytope(P)  # a Zonotope goes as is: to_ine/to_json use its own facets
    if not isinstance(overwrite, bool):
        raise InvalidInputError(f"overwrite={overwrite!r} must be True or False")
    p, fmt = _path_and_format(path, format)
    text = {"ext": to_ext, "ine": to_ine, "json": lambda Q: to_json(Q) + "\n"}[fmt](P)
    mode = check_replaceable(
        p,
        name="path",
        is_ours=_is_ours,
        overwrite=overwrite,
        refusal="is not a polytope file written by tropgeo; refusing to overwrite it "
        "(pass overwrite=True, remove it, or choose another path)",
    )
    atomic_write_text(p, text, name="path", prefix=".tropgeo-polytope-", mode=mode)
    return p


def read_polytope(
    path: PathLike,
    format: str | None = None,
    *,
    max_work: int | None = DEFAULT_MAX_HULL_WORK,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_vertices: int = DEFAULT_MAX_VERTICES,
) -> Polytope:
    """Read a polytope from an ``.ext``, ``.ine`` or ``.json`` file (validated as in
    :func:`from_ext`, :func:`from_ine`, :func:`from_json`; messages name the file).

    Parameters
    ----------
    path : str or os.PathLike
    format : {'ext', 'ine', 'json'} or None
        ``None`` takes it from the suffix of ``path``.
    max_work : int or None
        Passed to :func:`~tropgeo.polytope.convex_hull` for ``.ext`` and ``.json``.
    max_vertices : int
        For ``.ine``: passed to :func:`from_ine` (refused before cddlib's vertex enumeration
        when the upper bound theorem allows more vertices; the vertices found are then
        re-checked exactly, row by row).
    max_bytes : int
        Refuse (:class:`~tropgeo.errors.SizeLimitError`, with the size) a file larger than
        this; 64 MiB by default.  FIFOs, devices and other non-regular files are refused
        without reading.

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
    max_bytes = as_int(max_bytes, name="max_bytes", minimum=1)
    text = _decode(read_regular_file(p, name="path", max_bytes=max_bytes), p)
    source = repr(p)
    if fmt == "ext":
        return _from_ext(text, source=source, max_work=max_work)
    if fmt == "ine":
        return _from_ine(text, source=source, max_vertices=max_vertices)
    return _from_json(text, source=source, max_work=max_work)
