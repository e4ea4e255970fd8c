"""설치 점검: 검사마다 한 줄, 고장 난 것은 FAIL, FAIL이 있으면 실패.

helpers.doctor()는 노트북이 어디서 돌든(Colab 포함) 뜻이 있는 것만, `python3 course.py doctor`는 그 앞에 이 저장소의
코스 환경(위치, 설치 기록, requirements.txt의 고정 버전)을 봅니다. 코스 환경이 어디 있든(COURSE_VENV) 됩니다.
"""

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import matplotlib
import pytest

import course
import helpers
from tools import environment, project
from tools.pins import read_pins

ROOT = Path(__file__).resolve().parents[1]
REAL_VERSION = metadata.version
CHECKS = ["파이썬", "torch", "numpy", "matplotlib", "한글 글꼴", "계산 그래프", "데이터", "연습 문제 정답 파일"]


def lines_of(capsys):
    return capsys.readouterr().out.splitlines()


def parsed(line):
    """'OK    설명', '경고  설명' → (상태, 설명)."""
    status, _, message = line.partition(" ")
    return status, message.strip()


def status_of(lines, check):
    (status,) = [parsed(ln)[0] for ln in lines if parsed(ln)[1].startswith(check)]
    return status


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


def test_helpers_doctor_reports_versions_without_pins(monkeypatch, capsys):
    """Colab은 자기 torch·numpy를 씁니다: helpers는 버전을 보여 줄 뿐 고정 버전과 비교하지 않습니다."""
    monkeypatch.setattr("importlib.metadata.version", lambda name: "0.0.1" if name == "numpy" else REAL_VERSION(name))
    assert helpers.doctor() == 0
    assert "OK    numpy 0.0.1" in lines_of(capsys)


@pytest.fixture
def venv_here(tmp_path):
    """지금 이 파이썬의 환경을 이 저장소(ROOT)의 코스 환경으로 보이게 한 임시 자리: 설정 파일과 파이썬, lib/는 진짜
    환경을 가리키고, 설치 기록만 ROOT와 이 자리로 새로 씁니다. 진짜 환경의 기록이 다른 작업 트리를 가리켜도
    (옮겨짐 FAIL) 시험은 고정 버전과 노트북 점검만 봅니다. 진짜 환경의 파일은 바꾸지 않습니다."""
    if os.name == "nt":
        pytest.skip("임시 자리의 파이썬과 lib/를 심볼릭 링크로 만듭니다")
    venv = tmp_path / "venv"
    project.bin_dir(venv).mkdir(parents=True)
    (venv / "pyvenv.cfg").write_bytes((Path(sys.prefix) / "pyvenv.cfg").read_bytes())
    project.python_in(venv).symlink_to(sys.executable)
    (venv / "lib").symlink_to(Path(sys.prefix) / "lib")
    choice = environment.torch_choice()
    environment.write_record(venv, ROOT, environment.fingerprint(ROOT, choice), choice)
    return venv


def pinned_checks(monkeypatch, venv, **versions):
    """코스 환경(venv_here)의 course.py 점검. versions로 설치된 버전을 바꿔 봅니다(None이면 없음)."""
    monkeypatch.setenv("COURSE_VENV", str(venv))
    real = environment.probe

    def probe(python, pinned):
        found = real(python, pinned)
        found["versions"].update(versions)
        return found

    monkeypatch.setattr(environment, "probe", probe)
    return [f"{status} {message}" for status, message in course.environment_checks(course.layout())]


def test_a_different_pinned_version_is_a_warning_not_a_fail(monkeypatch, venv_here):
    lines = pinned_checks(monkeypatch, venv_here, numpy="0.0.1")
    pin = read_pins(ROOT / "requirements.txt")["numpy"]
    assert status_of(lines, f"고정 버전과 다름: numpy 0.0.1(고정 {pin})") == "경고"
    assert not any(line.startswith("FAIL") for line in lines), lines


def test_a_missing_pinned_package_is_a_fail(monkeypatch, venv_here):
    lines = pinned_checks(monkeypatch, venv_here, torchviz=None)
    assert status_of(lines, "고정 버전: torchviz가 설치되어 있지 않습니다") == "FAIL"


def test_all_pins_ok_in_the_course_environment_wherever_it_is(monkeypatch, venv_here):
    lines = pinned_checks(monkeypatch, venv_here)
    assert status_of(lines, "고정 버전") == "OK", lines


def test_doctor_without_an_environment_installs_nothing(tmp_path):
    env = {**os.environ, "COURSE_VENV": str(tmp_path / "없는 환경")}
    done = subprocess.run([sys.executable, ROOT / "course.py", "doctor"], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "FAIL  코스 환경: 코스 환경" in done.stdout and "고치기: python3 course.py setup" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "없는 환경").exists()


@pytest.mark.skipif(os.name == "nt", reason="가짜 환경의 파이썬을 심볼릭 링크로 만듭니다")
def test_doctor_names_a_moved_environment_and_its_fix(tmp_path, monkeypatch):
    venv = tmp_path / "venv"
    project.bin_dir(venv).mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    project.python_in(venv).symlink_to(sys.executable)
    fp = environment.fingerprint(ROOT, environment.torch_choice())
    environment.write_record(venv, ROOT, fp, environment.torch_choice(), location=str(tmp_path / "옛 자리"))
    monkeypatch.setenv("COURSE_VENV", str(venv))
    lines = [f"{status} {message}" for status, message in course.environment_checks(course.layout())]
    assert status_of(lines, "코스 환경:") == "FAIL"
    assert "옮겨졌습니다" in lines[1] and "python3 course.py setup이 경로를 고칩니다" in lines[1]


def test_course_py_doctor_exit_codes(tmp_path, venv_here):
    # 코스 환경이 저장소의 .venv가 아니어도(COURSE_VENV, 다른 가상 환경) 지금 이 파이썬의 환경을 점검합니다.
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRAPHVIZ"}
    env["COURSE_VENV"] = str(venv_here)
    ok = subprocess.run([sys.executable, ROOT / "course.py", "doctor"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "FAIL 0개" in ok.stdout
    env.update(COURSE_GRAPHVIZ="system", PATH=str(tmp_path))
    broken = subprocess.run([sys.executable, ROOT / "course.py", "doctor"], env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "FAIL  계산 그래프" in broken.stdout
