"""Tests of tropgeo.validation.certificate's file handling: what counts as an old
certificate that may be replaced, and how it is replaced."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tropgeo import ReLUNetwork, convex_hull, verify_theorem2
from tropgeo.errors import InvalidInputError
from tropgeo.export import write_polytope
from tropgeo.validation.certificate import certificate, check_certificate_path, write_certificate


@pytest.fixture(scope="module")
def cert():
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    return certificate(verify_theorem2(net))


@pytest.mark.parametrize(
    "content",
    [
        "not a certificate",
        # a "format" that merely starts like ours, or is ours without the rest, proves nothing
        '{"format": "tropgeo-mine", "data": [1, 2, 3]}',
        '{"format": "tropgeo-theorem2-certificate/1", "my": "notes"}',
        '{"format": "tropgeo-polytope/1", "ambient_dim": 1, "vertices": [["0"]]}',
    ],
)
def test_files_that_are_not_whole_certificates_are_never_replaced(tmp_path, cert, content):
    path = tmp_path / "c.json"
    path.write_text(content)
    for call in (lambda: check_certificate_path(path), lambda: write_certificate(cert, path)):
        with pytest.raises(InvalidInputError, match="exists and is not a tropgeo certificate"):
            call()
    assert path.read_text() == content


def test_a_polytope_file_written_by_tropgeo_is_not_a_certificate(tmp_path, cert):
    path = tmp_path / "P.json"
    write_polytope(convex_hull([(0, 0), (1, 1)]), path)
    before = path.read_text()
    with pytest.raises(InvalidInputError, match="not a tropgeo certificate"):
        write_certificate(cert, path)
    assert path.read_text() == before


def test_an_old_certificate_is_replaced_keeping_its_permission_bits(tmp_path, cert):
    path = tmp_path / "c.json"
    write_certificate(cert, path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    os.chmod(path, 0o600)
    write_certificate(dict(cert, holds=False), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["holds"] is False
    assert sorted(os.listdir(tmp_path)) == ["c.json"]  # no temporary file left


def test_odd_paths_are_invalid_input(tmp_path, cert):
    os.mkfifo(tmp_path / "fifo.json")
    for bad, message in (
        ("", "is empty"),
        (str(tmp_path / "a\x00b.json"), "contains a NUL byte"),
        (str(tmp_path / "fifo.json"), "not a regular file"),
        (str(tmp_path), "is a directory"),
    ):
        with pytest.raises(InvalidInputError, match=message):
            write_certificate(cert, bad)
