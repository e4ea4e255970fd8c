"""설치 점검(helpers.doctor, python3 course.py doctor): 검사마다 한 줄, 고장 난 것은 FAIL, FAIL이 있으면 실패."""

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import matplotlib
import pytest

import helpers

ROOT = Path(__file__).resolve().parents[1]
REAL_VERSION = metadata.version
CHECKS = ["파이썬", "torch", "numpy", "matplotlib", "커널", "한글 글꼴", "계산 그래프", "데이터", "연습 문제 정답 파일"]


def lines_of(capsys):
    return capsys.readouterr().out.splitlines()


def status_of(lines, check):
    (line,) = [ln for ln in lines if ln[6:].startswith(check)]
    return line[:4].strip()


def test_course_environment_is_healthy(capsys):
    assert helpers.doctor() == 0
    lines = lines_of(capsys)
    assert len(lines) == len(CHECKS) + 1 and lines[-1].startswith("점검 결과: FAIL 0개")
    for check in CHECKS:
        assert status_of(lines, check) == "OK", lines


@pytest.mark.parametrize(
    ("check", "breakage"),
    [
        ("데이터", lambda mp, tmp: mp.setattr(helpers, "DATA_PATH", tmp / "없음.csv")),
        ("연습 문제 정답 파일", lambda mp, tmp: mp.setattr(helpers, "EXERCISES_DIR", tmp / "없음")),
        ("계산 그래프", lambda mp, tmp: (mp.setenv("COURSE_GRAPHVIZ", "system"), mp.setenv("PATH", str(tmp)))),
        ("파이썬", lambda mp, tmp: mp.setattr(helpers.sys, "version_info", (3, 10, 14))),
        ("torch", lambda mp, tmp: mp.setattr("importlib.metadata.version", _no_torch)),
    ],
)
def test_each_breakage_is_a_fail(check, breakage, monkeypatch, tmp_path, capsys):
    breakage(monkeypatch, tmp_path)
    assert helpers.doctor() >= 1
    lines = lines_of(capsys)
    assert status_of(lines, check) == "FAIL", lines


def _no_torch(name):
    if name == "torch":
        raise metadata.PackageNotFoundError(name)
    return REAL_VERSION(name)


def test_missing_hangul_glyphs_are_a_fail(monkeypatch, capsys):
    """한글이 없는 글꼴이면 실제로 그려 보고 네모(글자 빠짐)를 알아챕니다."""

    def only_latin_font():
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]

    monkeypatch.setattr(helpers, "setup_korean_font", only_latin_font)
    try:
        assert helpers.doctor() == 1
        assert status_of(lines_of(capsys), "한글 글꼴") == "FAIL"
    finally:
        helpers.setup_korean_font()


def test_a_different_version_is_a_warning_not_a_fail(monkeypatch, capsys):
    monkeypatch.setattr("importlib.metadata.version", lambda name: "0.0.1" if name == "numpy" else REAL_VERSION(name))
    assert helpers.doctor() == 0
    assert status_of(lines_of(capsys), "numpy") == "경고"


def test_course_py_doctor_exit_codes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRAPHVIZ"}
    ok = subprocess.run([sys.executable, ROOT / "course.py", "doctor"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "FAIL 0개" in ok.stdout
    env.update(COURSE_GRAPHVIZ="system", PATH=str(tmp_path))
    broken = subprocess.run([sys.executable, ROOT / "course.py", "doctor"], env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "FAIL  계산 그래프" in broken.stdout
