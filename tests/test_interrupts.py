"""멈추기는 보통의 일입니다(이슈 16): 설치 중 Ctrl-C와 SIGTERM은 자식(venv, pip, pip이 띄운 빌드)까지 끝내고
한국어 한 줄만 남기며, `course.py lab`의 Ctrl-C는 JupyterLab이 커널을 스스로 닫게 합니다. 트레이스백은 없습니다.

작은 코스 저장소(tests/mini_course.py)로 진짜 course.py를 setsid로 띄워 터미널처럼 신호를 보냅니다.
"""

import json
import os
import signal
import socket
import sys
import time
import urllib.request
from pathlib import Path

import mini_course as mini
import pytest


@pytest.fixture(autouse=True)
def no_leftover_processes():
    yield
    mini.stop_leftovers()


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    return mini.make_wheelhouse(tmp_path_factory.mktemp("wheelhouse"))


# ------------------------------------------------------------------ 멈추기


@mini.posix_only
def test_ctrl_c_while_creating_the_environment_leaves_nothing(tmp_path, wheelhouse):
    repo = mini.mini_course(tmp_path / "course")
    run = mini.setup_in(repo, mini.mini_env(wheelhouse))
    run.wait_for("-m venv")  # 가상 환경을 만드는 중(ensurepip까지 1초 넘게 걸림)
    run.ctrl_c()
    code, output = run.finish()
    assert code == 130
    assert "[2/4]" not in output  # pip 단계까지 가지 않았습니다
    mini.assert_stopped_quietly(output)
    mini.assert_no_environment(repo)


STOPS = {"ctrl-c": 130, "sigterm": 143, "sighup": 143}  # 멈추는 방법과 종료 코드. 터미널을 닫으면 SIGHUP


def stop(run, how):
    """Ctrl-C는 그룹 전체에(터미널처럼), SIGTERM·SIGHUP은 course.py에만: 자식은 course.py가 정리해야 합니다."""
    if how == "ctrl-c":
        run.ctrl_c()
    else:
        os.kill(run.process.pid, signal.SIGTERM if how == "sigterm" else signal.SIGHUP)


@mini.posix_only
@pytest.mark.parametrize("how", STOPS)
def test_stopping_during_pip_stops_pip_and_its_children(tmp_path, wheelhouse, how):
    """pip과 pip이 띄운 빌드 프로세스까지 끝나고, 학습자는 한국어 한 줄만 봅니다."""
    repo = mini.mini_course(tmp_path / "course", "slowpkg==1.0")
    marker = tmp_path / "slow.pid"
    run = mini.setup_in(repo, mini.mini_env(wheelhouse, COURSE_TEST_SLOW_MARKER=str(marker)))
    deadline = time.monotonic() + 120
    while not marker.is_file() or not marker.read_text():
        assert run.process.poll() is None and time.monotonic() < deadline, run.output
        time.sleep(0.05)
    builder = int(marker.read_text())
    assert mini.alive(builder)
    stop(run, how)
    code, output = run.finish()
    assert code == STOPS[how]
    mini.assert_stopped_quietly(output)
    deadline = time.monotonic() + 10
    while mini.alive(builder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not mini.alive(builder), "pip이 띄운 빌드 프로세스가 남았습니다"
    mini.assert_no_environment(repo)


# 파이썬 자식을 띄우는 도구 명령(bench, sync, site, e2e, colab-check…)의 자리에 둘 도구: 준비되면 pid를 적고 기다립니다.
# nbclient(record, bench, colab-check)처럼 SIGTERM을 받으면 영어 트레이스백을 남기고 끝납니다.
SLEEPING_TOOL = """import os, signal, sys, time
def stopped(*_):
    raise RuntimeError("Kernel died")
signal.signal(signal.SIGTERM, stopped)
print("도구가 표준 오류에 쓴 줄", file=sys.stderr, flush=True)
with open(os.environ["COURSE_TEST_TOOL_MARKER"], "w") as marker:
    marker.write(str(os.getpid()))
time.sleep(300)
"""


@mini.posix_only
@pytest.mark.parametrize("how", STOPS)
def test_stopping_a_tool_command_shows_one_korean_line_and_ends_the_tool(tmp_path, how):
    """터미널의 Ctrl-C는 그룹 전체에 갑니다. 도구(자식 파이썬)의 영어 트레이스백 없이 멈춤 안내 한 줄만 남습니다.

    작은 코스의 tools/benchmark.py를 기다리는 도구로 바꾸고, 진짜 course.main(['bench'])를 실행합니다(코스 환경은
    지금 이 파이썬의 환경: 설치 확인만 건너뜁니다). bench, sync, set-repo, site, e2e, colab-check는 같은 길입니다.
    """
    repo = mini.mini_course(tmp_path / "course")
    (repo / "tools" / "benchmark.py").write_text(SLEEPING_TOOL)
    marker = tmp_path / "tool.pid"
    env = {**os.environ, "COURSE_VENV": sys.prefix, "COURSE_TEST_TOOL_MARKER": str(marker), "PYTHONUNBUFFERED": "1"}
    code = "import sys, course\ncourse.environment.ensure = lambda *a, **k: None\nsys.exit(course.main(['bench']))"
    run = mini.Running([sys.executable, "-c", code], repo, env)
    deadline = time.monotonic() + 60
    while not marker.is_file() or not marker.read_text():
        assert run.process.poll() is None and time.monotonic() < deadline, run.output
        time.sleep(0.05)
    tool = int(marker.read_text())
    stop(run, how)
    code, output = run.finish(timeout=60)
    assert code == STOPS[how]
    mini.assert_stopped_quietly(output, "측정을 멈췄습니다.")
    assert "도구가 표준 오류에 쓴 줄" in output, "멈추기 전의 표준 오류는 그대로 보여야 합니다"
    assert not mini.alive(tool), "도구 프로세스가 남았습니다"


# ------------------------------------------------------------------ JupyterLab 끄기


def server_port(runtime, run, deadline) -> int:
    """JupyterLab이 실제로 연 포트(실행 폴더의 jpserver-*.json). 고른 포트를 그사이 다른 프로세스(다른 테스트의
    커널 등)가 차지하면 JupyterLab은 옆 포트를 열므로, 고른 포트에 묻지 않고 서버가 적은 포트를 씁니다."""
    while True:
        for info in runtime.glob("jpserver-*.json"):
            try:
                return json.loads(info.read_text(encoding="utf-8"))["port"]
            except (OSError, ValueError, KeyError):
                pass  # 쓰는 중
        assert run.process.poll() is None and time.monotonic() < deadline, run.output
        time.sleep(0.2)


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
@mini.posix_only
def test_ctrl_c_on_lab_shuts_jupyter_and_its_kernels_down(tmp_path):
    """course.py lab에 Ctrl-C: JupyterLab이 커널을 스스로 닫고(연결 파일을 지움), course.py는 조용히 끝납니다."""
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env["COURSE_VENV"] = sys.prefix
    # 고른 포트를 일부러 막아 둡니다: 다른 프로세스가 먼저 차지한 경우와 같으며, 서버가 적은 포트를 읽는지 봅니다.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        chosen = taken.getsockname()[1]
        # 설치 확인은 건너뛰고(이 시험은 설치가 아니라 멈추기를 봄) course.main의 lab을 그대로 실행합니다.
        code = (
            "import sys, course\ncourse.environment.ensure = lambda *a, **k: None\n"
            f"sys.exit(course.main(['lab', '--no-browser', '--port={chosen}', '--ServerApp.token=course-test-token']))"
        )
        run = mini.Running([sys.executable, "-c", code], mini.ROOT, env)
        deadline = time.monotonic() + 120
        port = server_port(runtime, run, deadline)
    assert port != chosen
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
    mini.assert_stopped_quietly(output, "JupyterLab을 닫았습니다")
    # JupyterLab이 스스로 닫았다는 증거: 커널의 연결 파일과 서버의 jpserver-*.json을 지우고 나갔습니다.
    # (닫는 동안의 영어 기록은 course.py가 멈춘 뒤라 화면에 옮기지 않습니다.)
    assert not connection.exists(), "커널이 정리되지 않고 죽었습니다(연결 파일이 남음)"
    assert not list(runtime.glob("jpserver-*.json")), "JupyterLab이 스스로 닫지 않고 죽었습니다(서버 파일이 남음)"
    assert "Shutting down" not in output, output
