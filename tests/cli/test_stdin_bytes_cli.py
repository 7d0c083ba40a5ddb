"""Bytes that are not UTF-8 on stdin or in a file: the CLI reports the bad line (or file)
with its number, processes the rest and exits 1; ``ingest --encoding`` reads other
encodings. Real subprocesses fed raw bytes, as a shell pipe would."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from app.core.config import PROJECT_ROOT
from tests.support import default_settings, need_file

GOOD_1 = json.dumps({"id": "a", "text": "Clashes were reported in Homs and Hama."}).encode()
BAD = b'{"id": "b", "text": "Shelling hit a caf\xe9 in Daraa."}'  # Latin-1 byte, not UTF-8
GOOD_3 = json.dumps({"id": "c", "text": "Airstrikes killed two people near Idlib."}).encode()
STDIN = b"\n".join([GOOD_1, BAD, GOOD_3]) + b"\n"


@pytest.fixture(scope="module", autouse=True)
def _index():
    need_file(default_settings().gazetteer_path)


def run(*args: str, stdin: bytes = b"", env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "", **(env or {})},
        cwd=PROJECT_ROOT,
    )


def test_geoparse_reports_the_bad_line_and_writes_the_others():
    proc = run("geoparse", "--jsonl", stdin=STDIN)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == ["a", "c"]
    assert "line 2: not valid UTF-8" in stderr
    assert "Traceback" not in stderr


def test_export_reports_the_bad_line_and_exports_the_others():
    proc = run("export", "--jsonl", stdin=STDIN)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert rows, "the valid lines' events are exported"
    assert "line 2: not valid UTF-8" in stderr
    assert "Traceback" not in stderr


def test_ingest_reports_the_bad_line_and_stores_the_others(tmp_path):
    env = {"GEOEVENTS_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    proc = run("ingest", "--jsonl", stdin=STDIN, env=env)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(o["input"], o["status"]) for o in out] == [
        ("stdin:1", "created"),
        ("stdin:3", "created"),
    ]
    assert "stdin:2: not valid UTF-8" in stderr
    assert "Traceback" not in stderr


def test_ingest_a_text_file_in_another_encoding(tmp_path):
    env = {"GEOEVENTS_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    report = tmp_path / "report.txt"
    report.write_bytes("Shelling hit a café in Daraa, Syria, on Monday.".encode("cp1252"))
    proc = run("ingest", str(report), env=env)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1
    assert "not valid UTF-8" in stderr and "--encoding" in stderr
    assert "Content-Type" not in stderr and "meta charset" not in stderr

    proc = run("ingest", "--encoding", "cp1252", str(report), env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["status"] == "created"

    proc = run("ingest", "--encoding", "no-such-codec", str(report), env=env)
    assert proc.returncode == 2
    assert "no-such-codec" in proc.stderr.decode()
