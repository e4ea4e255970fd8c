"""코스의 모델: 이 저장소에 무엇이 어떤 순서로 있는지를 아는 하나뿐인 곳. 표준 라이브러리만 씁니다.

- 저장소 폴더(ROOT), 노트북과 풀이(읽는 순서), 노트북의 제목
- pyproject.toml의 [tool.course] 설정(github, ref)과 거기서 나오는 주소(GitHub, Colab, Kaggle, 사이트)
- 준비 셀을 알아보는 표시(SETUP_MARKER)와 노트북 메타데이터에서 남길 것(keep-list)
- run(cmd): 복사해 붙일 수 있게 명령을 보여 주고 실행하며, Ctrl-C를 한국어 한 줄로 끝냅니다.
- ArgumentParser: 도구마다 쓰는 argparse 파서(도움말과 오류가 한국어).

course.py, tools/의 모든 도구, tests/와 워크플로가 여기서 읽습니다. 이 모듈은 저장소의 다른 파일을 임포트하지
않습니다(helpers.py도 이 모듈을 모릅니다: Colab에 설치되는 것은 helpers.py뿐입니다).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------ 노트북

NOTEBOOK_DIRS = ("notebooks", "solutions")


def notebook_paths(root=ROOT, dirs=NOTEBOOK_DIRS):
    """노트북 전부를 읽는 순서로: notebooks/의 번호 순서, 그다음 solutions/의 번호 순서.

    파일 이름의 두 자리 번호가 읽는 순서입니다(00, 01, …). 번호와 순서가 다를 일은 없게 이름을 붙입니다.
    """
    return [p for folder in dirs for p in sorted((Path(root) / folder).glob("*.ipynb"))]


def lesson_paths(root=ROOT):
    return notebook_paths(root, ("notebooks",))


def solution_paths(root=ROOT):
    return notebook_paths(root, ("solutions",))


def relpath(path, root=ROOT) -> str:
    """저장소 안의 경로(슬래시)로. 저장소 밖이면 그대로의 경로."""
    path = Path(path).resolve()
    root = Path(root).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_notebook(path) -> dict:
    """노트북 JSON을 dict로(nbformat 없이). 셀의 source는 문자열로 합쳐 둡니다."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def title(path) -> str:
    """노트북의 제목: 첫 마크다운 셀의 첫 `# ` 줄. 없으면 파일 이름."""
    for cell in read_notebook(path).get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in cell["source"].split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return Path(path).stem


# ------------------------------------------------------------------ 설정과 주소


class Settings(NamedTuple):
    github: str  # "소유자/이름"
    ref: str  # 태그, 브랜치 또는 커밋


def settings(root=ROOT) -> Settings:
    """pyproject.toml의 [tool.course]에서 (github, ref)를 읽습니다. 없으면 한국어로 알리고 멈춥니다."""
    path = Path(root) / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"{path}가 없습니다. 저장소 폴더에서 실행하세요.") from None
    except tomllib.TOMLDecodeError as error:
        raise SystemExit(f"{path}를 읽지 못했습니다({error}). 파일의 TOML 문법을 고치세요.") from None
    table = data.get("tool", {}).get("course")
    if not isinstance(table, dict):
        raise SystemExit(f'{path}에 [tool.course] 표(github = "소유자/이름", ref = "버전")가 없습니다.')
    missing = [key for key in Settings._fields if key not in table]
    if missing:
        raise SystemExit(
            f"{path}의 [tool.course]에 {', '.join(missing)}가 없습니다. "
            "`python3 course.py set-repo 소유자/이름 --ref 버전`으로 채우세요."
        )
    return Settings(str(table["github"]), str(table["ref"]))


def repo_url(github) -> str:
    return f"https://github.com/{github}.git"


def blob_url(github, ref, relpath) -> str:
    return f"https://github.com/{github}/blob/{ref}/{relpath}"


def colab_url(github, ref, relpath) -> str:
    return f"https://colab.research.google.com/github/{github}/blob/{ref}/{relpath}"


def kaggle_url(github, ref, relpath) -> str:
    """Kaggle의 "Open in Kaggle": GitHub의 노트북 주소를 src로 넘깁니다."""
    return f"https://kaggle.com/kernels/welcome?src={blob_url(github, ref, relpath)}"


def binder_url(github, ref) -> str:
    """Binder(mybinder.org)에서 저장소를 JupyterLab으로 엽니다(binder/의 설정으로 환경을 만듦)."""
    return f"https://mybinder.org/v2/gh/{github}/{ref}?urlpath=lab/tree/notebooks"


def site_url(github) -> str:
    """코스 웹사이트(GitHub Pages, .github/workflows/pages.yml)의 주소."""
    owner, name = github.split("/", 1)
    return f"https://{owner}.github.io/{name}/"


# ------------------------------------------------------------------ 준비 셀과 메타데이터

# 준비 셀(노트북의 첫 코드 셀)의 첫 줄. Colab의 양식 제목이며, ruff format이 쓰는 모양 그대로입니다.
SETUP_MARKER = "# @title 코스 준비"
SETUP_CELL_ID = "course-setup"
# 예전 준비 셀의 첫 줄도 알아봅니다(sync가 새 셀로 바꿉니다).
OLD_SETUP_MARKERS = ("#@title 코스 준비", "# 코스 준비 (Colab 전용")
# 준비 셀을 접어 두는 표시: Colab은 # @title과 cellView "form"을, JupyterLab은 jupyter.source_hidden을 읽습니다.
SETUP_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}}

# 노트북과 셀의 메타데이터에서 남기는 것(keep-list). 나머지는 기록할 때(tools/notebooks.py) 지웁니다.
KEPT_NOTEBOOK_METADATA = {"kernelspec": None, "language_info": ("name",)}
KEPT_CELL_METADATA = {"tags": None, "cellView": None, "jupyter": ("source_hidden",)}


def is_setup_cell(cell) -> bool:
    """준비 셀인지: 코드 셀이고 첫 줄이 SETUP_MARKER(또는 예전 표시)로 시작합니다."""
    if cell.get("cell_type") != "code":
        return False
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return source.split("\n", 1)[0].strip().startswith((SETUP_MARKER, *OLD_SETUP_MARKERS))


def kept(metadata, rules) -> dict:
    """keep-list(rules)에 있는 키만 남긴 메타데이터. 규칙의 값이 None이면 통째로, 튜플이면 그 하위 키만."""
    out = {}
    for key, sub in rules.items():
        value = metadata.get(key)
        if not value:
            continue
        if sub is not None:
            value = {k: v for k, v in value.items() if k in sub}
            if not value:
                continue
        out[key] = value
    return out


# ------------------------------------------------------------------ 명령줄 인수

# argparse가 영어로 만드는 오류 메시지(도구에서 날 수 있는 것)의 한국어.
ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"필요한 인수가 없습니다: \1"),
    (r"unrecognized arguments: (.*)", r"알 수 없는 인수입니다: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1에 \2는 없습니다(고를 수 있는 것: \3)"),
    (r"argument (\S+): expected (?:one|at least one) argument", r"\1 뒤에 값을 주세요"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"\1의 값 \2를 알아듣지 못했습니다"),
)


class _KoreanHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "사용법: " if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """도구마다 쓰는 argparse 파서: 도움말('사용법:', '인수', '옵션')과 오류가 한국어입니다.

    하위 명령(add_subparsers)의 파서도 이 종류가 됩니다. 오류는 사용법 한 줄, 한국어 메시지, 도움말을 보는 명령을
    알리고 종료 코드 2로 끝냅니다(트레이스백 없음).
    """

    def __init__(self, *args, add_help=True, formatter_class=_KoreanHelpFormatter, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        self._positionals.title, self._optionals.title = "인수", "옵션"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="이 도움말을 보여 주고 끝냅니다")

    def error(self, message):
        for pattern, korean in ARGPARSE_MESSAGES:
            message = re.sub(f"^{pattern}$", korean, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}. 도움말: {self.prog} --help\n")


# ------------------------------------------------------------------ 명령 실행


def shown_command(cmd, windows=None) -> str:
    """복사해 터미널에 붙일 수 있는 명령 한 줄(공백이 있는 경로는 따옴표로 감쌉니다). 윈도우는 cmd.exe의 규칙."""
    parts = [str(c) for c in cmd]
    windows = os.name == "nt" if windows is None else windows
    return subprocess.list2cmdline(parts) if windows else shlex.join(parts)


INTERRUPTED = 130  # Ctrl-C로 멈췄을 때의 종료 코드(셸의 관례 128 + SIGINT)
TERMINATED = 143  # SIGTERM(또는 터미널을 닫을 때의 SIGHUP)으로 멈췄을 때(128 + SIGTERM)
STOP_SIGNALS = ("SIGTERM", "SIGHUP")  # Ctrl-C(SIGINT)처럼 '멈추라'는 뜻으로 다루는 신호(있는 것만)


class Terminated(KeyboardInterrupt):
    """SIGTERM이나 SIGHUP을 받았습니다. Ctrl-C(KeyboardInterrupt)와 같이 다루므로 `except KeyboardInterrupt`가
    둘 다 받습니다. `stop_signals_raise()` 안에서만 생깁니다."""


def stopped_code(stop) -> int:
    """멈춘 까닭(KeyboardInterrupt 또는 Terminated)에 맞는 종료 코드."""
    return TERMINATED if isinstance(stop, Terminated) else INTERRUPTED


@contextlib.contextmanager
def stop_signals_raise():
    """이 안에서는 SIGTERM·SIGHUP이 Terminated 예외가 됩니다(기본 동작처럼 그 자리에서 죽지 않고 정리할 수
    있게). 주 스레드가 아니면 아무것도 바꾸지 않습니다. 나올 때 이전 처리기로 되돌립니다."""

    def raise_terminated(signum, frame):
        raise Terminated(signum)

    previous = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, raise_terminated)
        except ValueError:  # 주 스레드가 아님
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def own_group_options() -> dict:
    """자식을 따로 된 프로세스 그룹에서 시작하는 Popen 인수: 터미널의 Ctrl-C가 자식에게 가지 않습니다."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"process_group": 0}


def run(cmd, *, cwd=ROOT, env=None, quiet=False, own_group=False, output=None, grace=20.0, **kwargs) -> int:
    """명령을 보여 주고(`+ 명령`, 복사해 붙일 수 있게) 실행해 종료 코드를 돌려줍니다.

    멈추기(Ctrl-C, SIGTERM, SIGHUP)는 정상적인 일입니다. 파이썬 트레이스백은 보이지 않고, 자식을 남기지 않습니다.
    - own_group=False(기본): 자식은 같은 터미널에 있어 Ctrl-C를 함께 받고 스스로 정리합니다(도구가 띄운 자식).
      course.py는 끝날 때까지 기다립니다. SIGTERM·SIGHUP은 자식에게 전합니다.
    - own_group=True(course.py의 명령은 유닉스에서 모두 이것: course.run_tool): 자식은 따로 된 프로세스 그룹에
      있어 터미널의 Ctrl-C를 받지 않습니다(영어 트레이스백도 없음). 멈추라는 신호를 받으면 course.py가
      자식에게 SIGTERM을 보내 정리할 시간(grace초)을 주고, 그다음 그룹에 남은 프로세스(pip이 띄운
      빌드 등)까지 끝냅니다. 두 번째 Ctrl-C는 바로 끝냅니다. 자식의 표준 오류는 course.py가 그대로 옮기다가
      멈춘 뒤에는 버립니다: SIGTERM에 트레이스백을 남기는 자식(nbclient가 커널을 닫을 때 등)도 조용히 끝납니다.
    - output: 함수를 주면 자식의 표준 출력과 오류를 한 줄씩(str) 넘깁니다(화면에 바로 나오지 않음).
    멈췄으면 INTERRUPTED(130, Ctrl-C)나 TERMINATED(143)를 돌려줍니다.
    """
    if not quiet:
        print("+", shown_command(cmd), flush=True)
    if own_group:
        kwargs.update(own_group_options())
    if output is not None:
        kwargs.update(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    elif own_group and os.name != "nt":
        kwargs.update(stderr=subprocess.PIPE)
    stops = []
    with stop_signals_raise():
        try:
            process = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, **kwargs)
        except OSError as error:
            print(f"실행하지 못했습니다: {cmd[0]} ({error.strerror or error}).", file=sys.stderr, flush=True)
            return 127
        copier = _pass_stderr(process.stderr, stops) if output is None and process.stderr else None
        while True:
            try:
                if output is not None and not stops:
                    for line in process.stdout:
                        output(line)
                code = process.wait()
                break
            except KeyboardInterrupt as stop:  # Terminated 포함
                stops.append(stop)
                _stop_child(process, own_group, stops, grace)
        if own_group:
            _end_group(process)
        if copier is not None:
            copier.join(timeout=5)  # 자식이 띄운 프로세스(커널)가 파이프를 쥐고 있으면 기다리지 않습니다
        if process.stdout is not None:
            process.stdout.close()
    return stopped_code(stops[0]) if stops else code


def _pass_stderr(stream, stops) -> threading.Thread:
    """자식의 표준 오류를 화면으로 옮깁니다. 멈추라는 신호(stops)를 받은 뒤에 온 것은 버립니다."""
    decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode

    def copy():
        for chunk in iter(lambda: stream.read1(65536), b""):
            if not stops:
                sys.stderr.write(decode(chunk))
                sys.stderr.flush()
        stream.close()

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


def _stop_child(process, own_group, stops, grace):
    """멈추라는 신호를 받은 뒤 자식을 끝내는 단계. 같은 그룹의 자식은 Ctrl-C를 이미 받았습니다."""
    first, forwarded = len(stops) == 1, isinstance(stops[-1], Terminated)
    if not first and len(stops) >= (2 if own_group else 3):
        process.kill()  # 기다리지 않겠다는 뜻(Ctrl-C를 여러 번)
        return
    if own_group or forwarded or not first:
        _terminate(process, tree=own_group)
    if own_group:
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()


def _terminate(process, tree=False, windows=None):
    """자식에게 끝내라고 합니다. 유닉스는 SIGTERM(JupyterLab은 커널을 닫고 끝남). 윈도우는 곧바로 끝내며,
    tree이면 자식이 띄운 프로세스까지(taskkill /T: 부모가 살아 있을 때만 나무를 찾으므로 먼저 합니다)."""
    windows = os.name == "nt" if windows is None else windows
    if process.poll() is not None:
        return
    if windows and tree:
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)], capture_output=True, check=False)
        return
    try:
        process.terminate()
    except OSError:
        pass


def _end_group(process):
    """따로 된 그룹에 남은 프로세스(자식이 띄운 것)를 끝냅니다. 유닉스만(윈도우는 _terminate가 나무째 끝냄)."""
    if os.name == "nt":
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.2)


# ------------------------------------------------------------------ 운영 체제마다 다른 것(가상 환경, PATH)

# PyTorch의 CPU 전용 휠 색인(한 곳): course.py가 torch를 받을 때, `course.py sync`가 binder/requirements.txt에 씁니다.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def reachable(url, timeout=5.0) -> bool:
    """주소(색인, 휠)에 HEAD로 한 번만 물어봅니다. 닿지 않는 색인을 pip에 넘기면 패키지마다 재시도로 시간을 버립니다."""
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def venv_dir(root=ROOT, environ=None) -> Path:
    """코스 환경의 가상 환경 폴더: COURSE_VENV가 있으면 그것, 없으면 저장소의 .venv."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("COURSE_VENV") or Path(root) / ".venv")


def _path_kind(path, os_name):
    """os_name이 이 컴퓨터와 다르면(시험에서 윈도우 경로를 볼 때) 그 운영 체제의 순수 경로로 다룹니다."""
    from pathlib import PurePosixPath, PureWindowsPath

    if os_name is None or os_name == os.name:
        return Path(path)
    return PureWindowsPath(path) if os_name == "nt" else PurePosixPath(path)


def bin_dir(venv, os_name=None):
    """가상 환경의 실행 파일 폴더: 윈도우는 Scripts, 리눅스와 macOS는 bin."""
    os_name = os_name or os.name
    return _path_kind(venv, os_name) / ("Scripts" if os_name == "nt" else "bin")


def executable(folder, name, os_name=None):
    """폴더 안의 실행 파일 이름(윈도우는 .exe를 붙임)."""
    os_name = os_name or os.name
    return _path_kind(folder, os_name) / (f"{name}.exe" if os_name == "nt" else name)


def python_in(venv, os_name=None):
    """가상 환경의 파이썬(윈도우는 Scripts\\python.exe, 그 밖은 bin/python)."""
    return executable(bin_dir(venv, os_name), "python", os_name)


def path_with(first, path="", os_name=None) -> str:
    """PATH 맨 앞에 폴더를 더한 값. 구분자는 윈도우 ';', 그 밖 ':'."""
    os_name = os_name or os.name
    sep = ";" if os_name == "nt" else ":"
    return sep.join([str(first), path]) if path else str(first)


if __name__ == "__main__":  # 확인용: 노트북의 읽는 순서와 제목
    for path in notebook_paths():
        print(f"{relpath(path)}\t{title(path)}")
    sys.exit(0)
