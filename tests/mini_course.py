"""시험용 작은 코스 저장소와, 그것을 setsid로 띄워 멈춰 보는 도구(tests/test_setup.py, tests/test_interrupts.py).

course.py와 tools/는 이 저장소의 것 그대로이고, requirements.txt에는 시험용 패키지(콘솔 스크립트가 있는 tinytool,
빌드하는 동안 멈춰 있는 slowpkg)만 있어서 인터넷 없이 몇 초 만에 설치됩니다. 터미널의 Ctrl-C처럼 `setsid`로 띄운
course.py의 프로세스 그룹 전체에 SIGINT를 보내거나(`kill -INT -- -PID`), course.py에만 SIGTERM을 보냅니다.
시험 모듈은 픽스처(wheelhouse, built)를 여기서 임포트해 씁니다.
"""

import base64
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name == "nt", reason="setsid와 프로세스 그룹 신호는 유닉스에만 있습니다")

MINI_PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "course-mini"
version = "1.0"

[tool.setuptools]
py-modules = ["helpers"]
"""
MINI_HELPERS = 'def doctor():\n    print("OK    작은 코스")\n    return 0\n'
SLOW_BACKEND = """\
import os, time


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.environ["COURSE_TEST_SLOW_MARKER"], "w") as marker:
        marker.write(str(os.getpid()))
    time.sleep(300)
    raise RuntimeError("시험용 패키지는 끝까지 만들어지면 안 됩니다")
"""
SETUP_STOPPED = "설치를 멈췄습니다."
SETUPTOOLS = f"setuptools=={metadata.version('setuptools')}"


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def tinytool_wheel(folder) -> Path:
    """콘솔 스크립트 tinytool이 있는 작은 휠: 설치하면 bin/tinytool의 `#!` 줄에 환경의 절대 경로가 들어갑니다."""
    files = {
        "tinytool.py": "def main():\n    print('tinytool 작동')\n".encode(),
        "tinytool-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: tinytool\nVersion: 1.0\n",
        "tinytool-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
        "tinytool-1.0.dist-info/entry_points.txt": b"[console_scripts]\ntinytool = tinytool:main\n",
    }
    record = [_record_line(name, data) for name, data in files.items()] + ["tinytool-1.0.dist-info/RECORD,,"]
    files["tinytool-1.0.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    path = folder / "tinytool-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return path


def slowpkg_sdist(folder) -> Path:
    """빌드하는 동안(pip의 자식 프로세스에서) 300초 기다리는 소스 배포판. 시작하면 자기 pid를 적습니다."""
    files = {
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "slow_backend"\nbackend-path = ["."]\n'
        '[project]\nname = "slowpkg"\nversion = "1.0"\n',
        "slow_backend.py": SLOW_BACKEND,
        "PKG-INFO": "Metadata-Version: 2.1\nName: slowpkg\nVersion: 1.0\n",
    }
    path = folder / "slowpkg-1.0.tar.gz"
    with tarfile.open(path, "w:gz") as sdist:
        for name, text in files.items():
            source = folder / name
            source.write_text(text)
            sdist.add(source, f"slowpkg-1.0/{name}")
            source.unlink()
    return path


def make_wheelhouse(folder) -> Path:
    """시험용 패키지를 모아 둔 폴더(PIP_FIND_LINKS): tinytool 휠, slowpkg 소스, setuptools 휠."""
    tinytool_wheel(folder)
    slowpkg_sdist(folder)
    # helpers 등록(--no-build-isolation)에 쓸 setuptools: venv에 든 것은 낡았거나(3.11) 없습니다(3.12부터).
    # 코스 환경과 같은 버전을 pip 캐시(또는 색인)에서 한 번 받아 둡니다.
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", folder, SETUPTOOLS]
    subprocess.run(download, check=True)
    return folder


def mini_course(folder, *requirements) -> Path:
    """course.py와 tools/는 진짜, 패키지는 시험용인 작은 코스 저장소."""
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "course.py", folder)
    (folder / "tools").mkdir()
    for path in (ROOT / "tools").glob("*.py"):
        shutil.copy2(path, folder / "tools")
    (folder / "pyproject.toml").write_text(MINI_PYPROJECT)
    (folder / "helpers.py").write_text(MINI_HELPERS)
    (folder / "requirements.txt").write_text("\n".join([SETUPTOOLS, "tinytool==1.0", *requirements]) + "\n")
    return folder


def mini_env(wheelhouse, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "COURSE_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse), COURSE_TORCH="default")
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


STARTED = []  # 이 시험에서 띄운 것: 시험이 중간에 실패해도 stop_leftovers()가 정리합니다


def stop_leftovers():
    """아직 돌고 있는 course.py를 Ctrl-C처럼 멈추고(그래야 course.py가 JupyterLab·pip까지 정리), 안 되면 강제로."""
    while STARTED:
        STARTED.pop().close()


class Running:
    """setsid로(새 세션, 프로세스 그룹 = 자기 pid) 띄운 course.py. 출력은 한 줄씩 모읍니다."""

    def __init__(self, cmd, cwd, env):
        self.process = subprocess.Popen(
            [str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, start_new_session=True,
        )  # fmt: skip
        self.lines = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()
        STARTED.append(self)

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    @property
    def output(self):
        return "".join(self.lines)

    def wait_for(self, text, timeout=120):
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.finish(timeout=10)
                pytest.fail(f"{text!r}를 기다렸지만 나오지 않았습니다:\n{self.output}")
            time.sleep(0.05)

    def ctrl_c(self):
        os.killpg(self.process.pid, signal.SIGINT)  # kill -INT -- -PID: 터미널의 Ctrl-C와 같습니다

    def finish(self, timeout=120):
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise
        self.reader.join(timeout=10)
        return code, self.output


def setup_in(repo, env, *args):
    return Running([sys.executable, repo / "course.py", "setup", *args], repo, env)


def alive(pid) -> bool:
    """프로세스가 살아 있는지(좀비는 죽은 것으로)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def assert_stopped_quietly(output, line=SETUP_STOPPED):
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert "ERROR" not in output and "Operation cancelled" not in output, output  # pip의 영어 중단 메시지
    assert sum(line in text for text in output.splitlines()) == 1, output


def assert_no_environment(repo):
    assert not (repo / ".venv").exists()
    assert not (repo / ".venv.building").exists()
    assert not (repo / ".venv.old").exists()


def make_built(folder, wheelhouse) -> Path:
    """설치를 마친 작은 코스 저장소. 시험은 이것을 복사해 씁니다(복사 = 옮긴 폴더)."""
    repo = mini_course(folder / "first")  # 옮길 곳(옮긴 폴더)에는 공백과 한글이 있습니다
    code, output = setup_in(repo, mini_env(wheelhouse)).finish()
    assert code == 0 and "설치를 마쳤습니다" in output, output
    assert not (repo / ".venv.building").exists() and not (repo / ".venv.old").exists()
    return repo


def moved_copy(built, folder) -> Path:
    """설치된 저장소를 다른 폴더로 복사합니다. 가상 환경 안의 절대 경로는 옛 폴더를 가리킨 채입니다."""
    shutil.copytree(built, folder, symlinks=True)
    return folder


def interpreter(script) -> str:
    """스크립트가 부르는 파이썬을 적은 머리 부분(경로에 공백이 있으면 pip은 `#!/bin/sh`와 exec 줄을 씁니다)."""
    return "\n".join(script.read_text().splitlines()[:3])
