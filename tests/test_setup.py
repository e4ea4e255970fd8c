"""설치는 언제 멈춰도 쓸 수 있는 환경이나 한국어 안내로 끝납니다(이슈 16): 진짜 프로세스로 확인합니다.

임시 폴더에 작은 코스 저장소를 만듭니다. course.py와 tools/는 이 저장소의 것 그대로이고, requirements.txt에는
시험용 패키지(콘솔 스크립트가 있는 tinytool, 빌드하는 동안 멈춰 있는 slowpkg)만 있어서 인터넷 없이 몇 초 만에
설치됩니다. 터미널의 Ctrl-C처럼 `setsid`로 띄운 course.py의 프로세스 그룹 전체에 SIGINT를 보내거나
(`kill -INT -- -PID`), course.py에만 SIGTERM을 보냅니다.
"""

import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
import zipfile
from importlib import metadata
from pathlib import Path, PureWindowsPath

import pytest

from tools import environment

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


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheelhouse")
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


@pytest.fixture(scope="module")
def built(tmp_path_factory, wheelhouse):
    """설치를 마친 작은 코스 저장소(모듈에서 한 번). 시험은 이것을 복사해 씁니다(복사 = 옮긴 폴더)."""
    repo = mini_course(tmp_path_factory.mktemp("built") / "first")  # 옮길 곳(옮긴 폴더)에는 공백과 한글이 있습니다
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


# ------------------------------------------------------------------ 멈추기


@posix_only
def test_ctrl_c_while_creating_the_environment_leaves_nothing(tmp_path, wheelhouse):
    repo = mini_course(tmp_path / "course")
    run = setup_in(repo, mini_env(wheelhouse))
    run.wait_for("-m venv")  # 가상 환경을 만드는 중(ensurepip까지 1초 넘게 걸림)
    run.ctrl_c()
    code, output = run.finish()
    assert code == 130
    assert "[2/4]" not in output  # pip 단계까지 가지 않았습니다
    assert_stopped_quietly(output)
    assert_no_environment(repo)


@posix_only
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_stopping_during_pip_stops_pip_and_its_children(tmp_path, wheelhouse, how):
    """pip과 pip이 띄운 빌드 프로세스까지 끝나고, 학습자는 한국어 한 줄만 봅니다."""
    repo = mini_course(tmp_path / "course", "slowpkg==1.0")
    marker = tmp_path / "slow.pid"
    run = setup_in(repo, mini_env(wheelhouse, COURSE_TEST_SLOW_MARKER=str(marker)))
    deadline = time.monotonic() + 120
    while not marker.is_file() or not marker.read_text():
        assert run.process.poll() is None and time.monotonic() < deadline, run.output
        time.sleep(0.05)
    builder = int(marker.read_text())
    assert alive(builder)
    if how == "ctrl-c":
        run.ctrl_c()
    else:
        os.kill(run.process.pid, signal.SIGTERM)  # course.py에만: 자식은 course.py가 정리해야 합니다
    code, output = run.finish()
    assert code == (130 if how == "ctrl-c" else 143)
    assert_stopped_quietly(output)
    deadline = time.monotonic() + 10
    while alive(builder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(builder), "pip이 띄운 빌드 프로세스가 남았습니다"
    assert_no_environment(repo)


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
    tinytool = moved / ".venv" / "bin" / "tinytool"
    assert str(built / ".venv" / "bin" / "python") in interpreter(tinytool)  # 옮기기만 하면 옛 경로를 가리킵니다
    code, output = setup_in(moved, mini_env(wheelhouse)).finish()
    assert code == 0, output
    assert "옮겨졌습니다" in output and "고쳤습니다" in output
    assert "[1/4]" not in output  # 새로 설치하지 않았습니다
    assert str(moved / ".venv" / "bin" / "python") in interpreter(tinytool)
    assert str(built) not in interpreter(tinytool)
    assert subprocess.run([tinytool], capture_output=True, text=True).stdout == "tinytool 작동\n"
    record = environment.read_record(moved / ".venv")
    assert record["location"] == str(moved / ".venv") and record["root"] == str(moved)
    spec = "import importlib.util as u; print(u.find_spec('helpers').origin)"
    origin = subprocess.run([moved / ".venv" / "bin" / "python", "-I", "-c", spec], capture_output=True, text=True)
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


# ------------------------------------------------------------------ JupyterLab 끄기


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(port, path, method="GET", token="course-test-token", timeout=5):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, headers={"Authorization": f"token {token}"},
        data=b"{}" if method == "POST" else None,
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def kernel_ready(connection) -> bool:
    """연결 파일로 띄운 커널이 시작을 마쳤는지: ipykernel은 준비가 끝나면 SIGINT를 무시하도록 바꿉니다(리눅스)."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(connection).encode() not in (proc / "cmdline").read_bytes():
                continue
            ignored = next(ln for ln in (proc / "status").read_text().splitlines() if ln.startswith("SigIgn:"))
        except (OSError, StopIteration):
            continue
        return bool(int(ignored.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="커널의 신호 상태를 /proc에서 읽습니다(리눅스)")
@posix_only
def test_ctrl_c_on_lab_shuts_jupyter_and_its_kernels_down(tmp_path):
    """course.py lab에 Ctrl-C: JupyterLab이 커널을 스스로 닫고(연결 파일을 지움), course.py는 조용히 끝납니다."""
    port = free_port()
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env["COURSE_VENV"] = sys.prefix
    # 설치 확인은 건너뛰고(이 시험은 설치가 아니라 멈추기를 봄) course.main의 lab을 그대로 실행합니다.
    code = (
        "import sys, course\ncourse.environment.ensure = lambda *a, **k: None\n"
        f"sys.exit(course.main(['lab', '--no-browser', '--port={port}', '--ServerApp.token=course-test-token']))"
    )
    run = Running([sys.executable, "-c", code], ROOT, env)
    deadline = time.monotonic() + 120
    while True:
        try:
            api(port, "/api/status")
            break
        except OSError:
            assert run.process.poll() is None and time.monotonic() < deadline, run.output
            time.sleep(0.2)
    kernel = api(port, "/api/kernels", method="POST")
    connection = runtime / f"kernel-{kernel['id']}.json"
    assert connection.is_file()
    while not kernel_ready(connection):  # 커널이 다 떠서 SIGINT를 스스로 다루게 될 때까지
        assert time.monotonic() < deadline, run.output
        time.sleep(0.2)
    run.ctrl_c()
    code, output = run.finish(timeout=90)
    assert code == 0
    assert_stopped_quietly(output, "JupyterLab을 닫았습니다")
    assert not connection.exists(), "커널이 정리되지 않고 죽었습니다(연결 파일이 남음)"
    assert "Shutting down 1 kernel" in output or "Kernel shutdown" in output, output


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
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    script = venv / "bin" / "tool"
    script.write_text("#!/old/.venv/bin/python\nprint('작동')\n")
    script.chmod(0o755)
    environment.relocate(venv, "/old/.venv")
    assert script.read_text().startswith("#!/bin/sh\n")
    assert subprocess.run([script], capture_output=True, text=True).stdout == "작동\n"
    assert os.access(script, os.X_OK)  # 실행 권한도 그대로
