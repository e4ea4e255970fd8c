"""설치는 언제 멈춰도 쓸 수 있는 환경이나 한국어 안내로 끝납니다(이슈 16): 업데이트 중 멈춤, 옮긴 폴더, 잠금,
미완성 환경, 경로 고치기, 진행 표시. 설치 중 Ctrl-C·SIGTERM과 JupyterLab 끄기는 tests/test_interrupts.py.

작은 코스 저장소(tests/mini_course.py)로 진짜 course.py를 진짜 프로세스로 실행합니다.
"""

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path, PureWindowsPath

import pytest
from mini_course import (
    MINI_PYPROJECT,
    ROOT,
    Running,
    assert_stopped_quietly,
    interpreter,
    make_built,
    make_wheelhouse,
    mini_course,
    mini_env,
    moved_copy,
    posix_only,
    setup_in,
    stop_leftovers,
)

from tools import environment, project


@pytest.fixture(autouse=True)
def no_leftover_processes():
    yield
    stop_leftovers()


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    return make_wheelhouse(tmp_path_factory.mktemp("wheelhouse"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, wheelhouse):
    """설치를 마친 작은 코스 저장소(모듈에서 한 번). 옮긴 폴더의 시험은 이것을 복사합니다."""
    return make_built(tmp_path_factory.mktemp("built"), wheelhouse)


@posix_only
def test_ctrl_c_after_pip_of_an_update_keeps_the_working_environment(tmp_path, wheelhouse, built):
    """requirements.txt가 바뀌어 새로 설치하다가 pip이 끝난 뒤에 멈춤: 있던 환경은 그대로, 만들던 것은 지워짐."""
    repo = moved_copy(built, tmp_path / "course")
    assert setup_in(repo, mini_env(wheelhouse)).finish()[0] == 0  # 옮긴 폴더부터 고쳐 둡니다
    venv = repo / ".venv"
    before = environment.read_record(venv)
    requirements = repo / "requirements.txt"
    requirements.write_text(requirements.read_text() + "# 고정 버전이 바뀐 것처럼\n")
    run = setup_in(repo, mini_env(wheelhouse, COURSE_SETUP_HOLD="after-pip"))
    run.wait_for("after-pip 단계에서 기다립니다")
    assert (repo / ".venv.building" / "bin" / "tinytool").is_file()  # pip은 끝났고, 아직 기록 전입니다
    run.ctrl_c()
    code, output = run.finish()
    assert code == 130
    assert_stopped_quietly(output)
    assert environment.read_record(venv) == before  # 있던 환경은 그대로, 그대로 쓸 수 있습니다
    assert subprocess.run([venv / "bin" / "tinytool"], capture_output=True, text=True).stdout == "tinytool 작동\n"
    assert not (repo / ".venv.building").exists()
    code, output = setup_in(repo, mini_env(wheelhouse)).finish()
    assert code == 0, output
    assert "requirements.txt나 파이썬 버전" in output and "설치를 마쳤습니다" in output
    assert environment.read_record(venv)["fingerprint"] != before["fingerprint"]
    assert not (repo / ".venv.old").exists()


# ------------------------------------------------------------------ 옮긴 폴더, 잠금, 미완성 환경


@posix_only
def test_moved_folder_is_repaired_without_reinstalling(tmp_path, wheelhouse, built):
    moved = moved_copy(built, tmp_path / "옮긴 폴더")
    tinytool = project.bin_dir(moved / ".venv") / "tinytool"
    assert str(project.python_in(built / ".venv")) in interpreter(tinytool)  # 옮기기만 하면 옛 경로를 가리킵니다
    code, output = setup_in(moved, mini_env(wheelhouse)).finish()
    assert code == 0, output
    assert "옮겨졌습니다" in output and "고쳤습니다" in output
    assert "[1/4]" not in output  # 새로 설치하지 않았습니다
    assert str(project.python_in(moved / ".venv")) in interpreter(tinytool)
    assert str(built) not in interpreter(tinytool)
    assert subprocess.run([tinytool], capture_output=True, text=True).stdout == "tinytool 작동\n"
    record = environment.read_record(moved / ".venv")
    assert record["location"] == str(moved / ".venv") and record["root"] == str(moved)
    spec = "import importlib.util as u; print(u.find_spec('helpers').origin)"
    origin = subprocess.run([project.python_in(moved / ".venv"), "-I", "-c", spec], capture_output=True, text=True)
    assert origin.stdout.strip() == str(moved / "helpers.py")


@posix_only
def test_a_second_setup_waits_for_the_first(tmp_path, wheelhouse):
    repo = mini_course(tmp_path / "course")
    lay = environment.layout(repo, {})
    with environment.locked(lay.lock):  # 다른 설치가 잠금을 잡고 있는 동안
        run = setup_in(repo, mini_env(wheelhouse))
        run.wait_for(f"다른 설치(프로세스 {os.getpid()})가 진행 중입니다")
        time.sleep(0.5)
        assert not (repo / ".venv.building").exists()  # 기다리기만 하고 아무것도 만들지 않습니다
    run.wait_for("[1/4]")  # 잠금이 풀리자 설치를 시작합니다
    run.ctrl_c()
    code, output = run.finish()
    assert code == 130
    assert_stopped_quietly(output)


@posix_only
def test_a_lock_left_by_a_killed_setup_does_not_block(tmp_path):
    lock = tmp_path / ".venv.lock"
    code = f"from tools import environment\nwith environment.locked({str(lock)!r}):\n    print('잡음', flush=True)\n"
    code += "    import time; time.sleep(300)\n"
    holder = Running([sys.executable, "-c", code], ROOT, dict(os.environ))
    holder.wait_for("잡음")
    os.killpg(holder.process.pid, signal.SIGKILL)  # 전원이 나간 것처럼: 정리할 기회가 없습니다
    holder.finish()
    assert lock.is_file()  # 잠금 파일은 남아 있지만
    waited = []
    with environment.locked(lock, waited.append):
        pass
    assert waited == []  # 기다리지 않고 바로 잡습니다


@posix_only  # 가짜 환경의 파이썬을 심볼릭 링크로 만듭니다
def test_an_environment_without_a_record_is_incomplete(tmp_path):
    lay = environment.layout(tmp_path, {})
    (tmp_path / "requirements.txt").write_text("tinytool==1.0\n")
    (tmp_path / "pyproject.toml").write_text(MINI_PYPROJECT)
    fp = environment.fingerprint(tmp_path, "auto")
    assert environment.inspect(lay, fp).kind == "missing"
    lay.venv.mkdir()
    assert environment.inspect(lay, fp).kind == "foreign"
    (lay.venv / "pyvenv.cfg").write_text("home = /nowhere\n")
    assert environment.inspect(lay, fp).kind == "broken"  # 파이썬이 없음
    lay.python.parent.mkdir(parents=True)
    lay.python.symlink_to(sys.executable)
    assert environment.inspect(lay, fp).kind == "incomplete"
    environment.write_record(lay.venv, tmp_path, "다른 지문", "auto")
    assert environment.inspect(lay, fp).kind == "outdated"
    environment.write_record(lay.venv, tmp_path / "옛 자리", fp, "auto")
    assert environment.inspect(lay, fp).kind == "moved"
    environment.write_record(lay.venv, tmp_path, fp, "auto")
    assert environment.inspect(lay, fp).kind == "ok"


@posix_only  # 가짜 환경의 파이썬을 심볼릭 링크로 만듭니다
def test_a_moved_repository_names_the_old_and_new_repository(tmp_path):
    """COURSE_VENV로 환경은 그대로이고 저장소만 옮겼으면, 같은 환경 경로 둘이 아니라 저장소의 옛·새 자리를 보입니다."""
    lay = environment.layout(tmp_path / "새 자리", {"COURSE_VENV": str(tmp_path / "venv")})
    lay.root.mkdir()
    (lay.root / "requirements.txt").write_text("tinytool==1.0\n")
    (lay.root / "pyproject.toml").write_text(MINI_PYPROJECT)
    lay.python.parent.mkdir(parents=True)
    (lay.venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    lay.python.symlink_to(sys.executable)
    fp = environment.fingerprint(lay.root, "auto")
    environment.write_record(lay.venv, tmp_path / "옛 자리", fp, "auto")
    state = environment.inspect(lay, fp)
    assert state.kind == "moved"
    assert f"({tmp_path / '옛 자리'} → {lay.root})" in state.detail, state.detail


def test_fingerprint_ignores_settings_that_do_not_change_the_install(tmp_path):
    (tmp_path / "requirements.txt").write_text("tinytool==1.0\n")
    (tmp_path / "pyproject.toml").write_text(MINI_PYPROJECT)
    fp = environment.fingerprint(tmp_path, "auto")
    (tmp_path / "pyproject.toml").write_text(MINI_PYPROJECT + '\n[tool.course]\ngithub = "me/course"\nref = "v2"\n')
    assert environment.fingerprint(tmp_path, "auto") == fp  # set-repo는 다시 설치하지 않습니다
    assert environment.fingerprint(tmp_path, "cpu") != fp
    assert environment.fingerprint(tmp_path, "auto", python="3.12.0") != fp
    (tmp_path / "requirements.txt").write_text("tinytool==1.1\n")
    assert environment.fingerprint(tmp_path, "auto") != fp


# ------------------------------------------------------------------ 경로 고치기(윈도우 모양 포함)


def launcher(shebang: str) -> bytes:
    """윈도우 pip이 만드는 실행 파일 모양: 런처 + `#!파이썬 경로` 줄 + zip(__main__.py)."""
    import io

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("__main__.py", "import sys\nfrom tinytool import main\nsys.exit(main())\n")
    return b"MZ\x90\x00launcher\x00" + f"#!{shebang}\r\n".encode() + archive.getvalue()


def test_relocate_fixes_windows_launchers_and_activate_scripts(tmp_path):
    old = r"C:\Users\학습자\옛 코스\.venv"
    venv = tmp_path / "새 코스" / ".venv"
    (venv / "Scripts").mkdir(parents=True)
    (venv / "Scripts" / "tinytool.exe").write_bytes(launcher(old + r"\Scripts\python.exe"))
    (venv / "Scripts" / "activate.bat").write_text(f'@echo off\nset "VIRTUAL_ENV={old}"\n', encoding="utf-8")
    (venv / "pyvenv.cfg").write_text(f"home = C:\\Python311\ncommand = C:\\Python311\\python.exe -m venv {old}\n")
    changed = environment.relocate(venv, old)
    assert {p.name for p in changed} == {"tinytool.exe", "activate.bat", "pyvenv.cfg"}
    exe = (venv / "Scripts" / "tinytool.exe").read_bytes()
    assert f"#!{venv}\\Scripts\\python.exe\r\n".encode() in exe and old.encode() not in exe
    with zipfile.ZipFile(venv / "Scripts" / "tinytool.exe") as z:  # 경로 길이가 바뀌어도 zip은 그대로 읽힙니다
        assert "from tinytool import main" in z.read("__main__.py").decode()
    assert f'set "VIRTUAL_ENV={venv}"' in (venv / "Scripts" / "activate.bat").read_text(encoding="utf-8")
    assert environment.relocate(venv, old) == []  # 두 번 해도 같습니다


@posix_only  # 윈도우의 경우는 test_relocate_fixes_windows_launchers_and_activate_scripts
def test_relocate_replaces_only_the_whole_old_path(tmp_path):
    venv = tmp_path / "new" / ".venv"
    (venv / "bin").mkdir(parents=True)
    script = venv / "bin" / "tool"
    script.write_text("#!/old/.venv/bin/python\n# /old/.venv2/bin/python 는 다른 환경\n")
    environment.relocate(venv, "/old/.venv")
    assert script.read_text() == f"#!{venv}/bin/python\n# /old/.venv2/bin/python 는 다른 환경\n"


def test_layout_names_its_siblings_after_the_environment():
    lay = environment.Layout(PureWindowsPath(r"C:\코스"), PureWindowsPath(r"C:\코스\.venv"))
    assert lay.building == PureWindowsPath(r"C:\코스\.venv.building")
    assert (lay.old.name, lay.lock.name, lay.log.name) == (".venv.old", ".venv.lock", ".venv.install.log")
    assert environment.layout("/코스", {"COURSE_VENV": "/다른 곳/env"}).venv == Path("/다른 곳/env")
    assert environment.layout("/코스", {}).venv == Path("/코스/.venv")


# ------------------------------------------------------------------ 진행 표시

PIP_OUTPUT = """\
Collecting torch==2.13.0
  Downloading torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl.metadata (29 kB)
  Downloading torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl (183.5 MB)
Progress 0 of 192413696
Progress 52428800 of 192413696
Progress 104857600 of 192413696
Progress 157286400 of 192413696
Progress 192413696 of 192413696
Collecting numpy==2.4.6
  Using cached numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl (16.9 MB)
Installing collected packages: numpy, torch
  !!
          Please be careful with folders in your working directory with the same name as your package
  !!
Successfully installed numpy-2.4.6 torch-2.13.0
"""


class Screen:
    def __init__(self, tty):
        self.text, self.tty = "", tty

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return self.tty


def shown(lines, tty):
    screen = Screen(tty)
    progress = environment.PipProgress(out=screen, clock=iter(range(0, 1000)).__next__)
    for line in lines.splitlines(keepends=True):
        progress(line)
    return screen.text, progress


def test_pip_progress_in_korean_without_english_noise():
    text, _ = shown(PIP_OUTPUT, tty=False)
    assert text.splitlines() == [
        "  받는 중(1번째) torch 2.13.0 (183.5 MB)",
        "  받는 중(1번째) torch 2.13.0 27%",
        "  받는 중(1번째) torch 2.13.0 54%",
        "  받는 중(1번째) torch 2.13.0 81%",
        "  받는 중(1번째) torch 2.13.0 100%",
        "  패키지 2개를 설치합니다(torch는 푸는 데 1~2분 걸립니다)…",
        "  설치했습니다: 패키지 2개 (새로 받은 것 1개 184 MB, pip 캐시에서 1개)",
    ]


def test_pip_progress_rewrites_one_line_on_a_terminal():
    small = "  Downloading six-1.17.0-py2.py3-none-any.whl (11 kB)\n  Downloading idna-3.10-py3-none-any.whl (70 kB)\n"
    text, _ = shown(small + PIP_OUTPUT, tty=True)
    first = text.split("\n")[0]  # 작은 파일 두 개와 torch가 한 줄을 고쳐 쓰고, 큰 torch만 줄로 남습니다
    assert (
        first.count("\r") >= 5
        and "(2번째) idna 3.10" in first
        and first.endswith("(3번째) torch 2.13.0 (183.5 MB) 100%\x1b[K")
    )
    assert "Collecting" not in text and "!!" not in text


def test_pip_failure_shows_everything_pip_said():
    failing = "Collecting nosuch==9.9\nERROR: Could not find a version that satisfies the requirement nosuch==9.9\n"
    screen = Screen(False)
    progress = environment.PipProgress(out=screen)
    for line in failing.splitlines(keepends=True):
        progress(line)
    assert "ERROR: Could not find" in screen.text  # 오류는 바로 보입니다
    progress.failed(1)
    assert "Collecting nosuch==9.9" in screen.text and "종료 코드 1" in screen.text  # 숨겼던 줄까지 전부


@posix_only
@pytest.mark.parametrize("folder", ["공백 있는 새 폴더", "긴" * 60])
def test_a_moved_script_still_runs_when_the_new_path_has_a_space_or_is_long(tmp_path, folder):
    """`#!/새 경로/bin/python`은 경로에 공백이 있거나 127바이트를 넘으면 실행되지 않습니다: pip처럼 sh로 감쌉니다."""
    venv = tmp_path / folder / ".venv"
    project.bin_dir(venv).mkdir(parents=True)
    project.python_in(venv).symlink_to(sys.executable)
    script = project.bin_dir(venv) / "tool"
    script.write_text("#!/old/.venv/bin/python\nprint('작동')\n")
    script.chmod(0o755)
    environment.relocate(venv, "/old/.venv")
    assert script.read_text().startswith("#!/bin/sh\n")
    assert subprocess.run([script], capture_output=True, text=True).stdout == "작동\n"
    assert os.access(script, os.X_OK)  # 실행 권한도 그대로


# ------------------------------------------------------------------ 설치 전에 멈추는 까닭들


def test_a_python_without_venv_says_what_to_install(tmp_path, monkeypatch):
    """데비안/우분투의 파이썬에 venv가 없으면: 만들던 폴더를 남기지 않고 설치할 패키지를 말합니다."""
    lay = environment.Layout(ROOT, tmp_path / ".venv")
    installer = environment.Installer(lay, "auto", "지문", environ={})

    def failing_venv(cmd, **kwargs):
        lay.building.mkdir()  # venv가 폴더만 만들고 실패한 것처럼
        return 1

    monkeypatch.setattr(environment.project, "run", failing_venv)
    monkeypatch.setattr(installer, "announce", lambda: None)
    with pytest.raises(SystemExit, match=r"sudo apt install python3-venv"):
        installer.run()
    assert not lay.building.exists() and not lay.venv.exists()


def test_not_enough_disk_is_said_before_anything_is_made(tmp_path, monkeypatch, capsys):
    lay = environment.Layout(ROOT, tmp_path / ".venv")
    installer = environment.Installer(lay, "auto", "지문", environ={})
    monkeypatch.setattr(environment, "torch_index", lambda choice: (environment.CPU_INDEX, False))
    monkeypatch.setattr(
        environment.shutil, "disk_usage", lambda path: environment.shutil._ntuple_diskusage(1, 1, 2**29)
    )
    with pytest.raises(SystemExit, match=r"디스크 공간이 모자랍니다: 약 1\.6 GB가 필요한데 .* 536 MB 남았습니다"):
        installer.run()
    assert "에 약 1.3 GB, 처음이면 약 300 MB를 내려받습니다" in capsys.readouterr().out  # 먼저 크기와 시간을 알립니다
    assert not lay.building.exists()


def test_a_complete_environment_stopped_between_the_two_renames_is_put_in_place(tmp_path):
    """옛 환경을 치운 뒤, 새 환경의 이름을 바꾸기 전에 멈췄다면: 다음 실행이 완성된 새 환경을 제자리로 옮깁니다."""
    (tmp_path / "requirements.txt").write_text("tinytool==1.0\n")
    (tmp_path / "pyproject.toml").write_text(MINI_PYPROJECT)
    lay = environment.layout(tmp_path, {})
    fp = environment.fingerprint(tmp_path, "auto")
    lay.building.mkdir()
    environment.write_record(lay.building, tmp_path, fp, "auto")
    lay.old.mkdir()  # 치워 둔 옛 환경
    environment.recover(lay, fp)
    assert environment.read_record(lay.venv)["fingerprint"] == fp
    assert not lay.building.exists() and not lay.old.exists()
    lay.building.mkdir()  # 기록 없는(미완성) 새 환경은 지웁니다
    environment.recover(lay, fp)
    assert not lay.building.exists() and lay.venv.exists()
