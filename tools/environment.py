"""코스 환경(가상 환경 .venv)을 만들고, 알아보고, 고치는 하나뿐인 곳. 표준 라이브러리만 씁니다.

`python3 course.py setup`(그리고 환경이 필요한 모든 명령)이 여기의 ensure()를 부릅니다. 약속은 하나입니다:
**설치는 언제 멈춰도 쓸 수 있는 환경이나 한국어 안내로 끝납니다.**

- 원자적 설치: 새 환경은 옆 폴더(`.venv.building`)에 만들고, 설치와 확인이 모두 끝나면 설치 기록
  (`course-installed.json`)을 쓴 다음 `.venv`로 이름을 바꿉니다. 중간에 멈추면 만들던 폴더를 지우므로
  `.venv`는 없거나 완전합니다. 기록이 없는 `.venv`는 미완성으로 보고 새로 만듭니다.
- 잠금(`.venv.lock`): 설치는 한 번에 하나만 합니다. 운영 체제의 파일 잠금이라 설치하던 프로세스가 죽으면
  저절로 풀립니다(남은 잠금 파일이 다음 설치를 막지 않습니다).
- 위치 기록: 기록에는 환경과 저장소의 위치가 있습니다. 저장소 폴더를 옮기거나 이름을 바꾸면 알아채고,
  절대 경로를 품은 스크립트(bin/의 `#!` 줄, activate)를 고치고 helpers를 다시 등록합니다.
- 진행 표시: pip의 영어 출력 대신 무엇을 받는지, 얼마나 왔는지를 한국어로 보여 주고, 전체 출력은
  `.venv.install.log`에 남깁니다. 실패하면 pip의 출력을 그대로 모두 보여 줍니다.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import NamedTuple

from tools import pins, project

MIN_PYTHON = (3, 11)
RECORD = "course-installed.json"  # 설치 기록: 모든 설치와 확인이 끝난 뒤에만 씁니다
# PyTorch의 CPU 전용 휠 색인(tools/project.py 한 곳).
CPU_INDEX = project.CPU_INDEX
TORCH_CHOICES = ("auto", "cpu", "default")
# 측정값(2026-12-01, 리눅스 x86_64, 파이썬 3.11). 설치 전에 알려 주는 데 쓰는 한 곳입니다: README·CONTRIBUTING과
# binder/requirements.txt(tools/colab.py)도 이 숫자(size_text로 쓴 것: CPU 빌드 1.3 GB, CUDA 빌드 4.9 GB)를 씁니다.
SIZE_MB = {"cpu": 1_330, "cuda": 4_900}  # 설치한 환경의 크기
DOWNLOAD_MB = {"cpu": 300, "cuda": 3_000}  # 처음 설치할 때 내려받는 양(pip 캐시에 있으면 덜 받음)
HOLD_ENV = "COURSE_SETUP_HOLD"  # 시험용: 이 단계에서 멈춰 기다립니다(tests/test_setup.py가 중단 시점을 고르는 데 씀)


class Layout(NamedTuple):
    """코스 환경이 놓이는 자리. venv 옆에 만드는 폴더와 파일은 모두 venv 이름에 꼬리를 붙입니다."""

    root: Path  # 저장소 폴더(requirements.txt, pyproject.toml, helpers.py)
    venv: Path  # 코스 환경(기본 ROOT/.venv, 환경 변수 COURSE_VENV로 바꿈)

    def sibling(self, suffix) -> Path:
        return self.venv.with_name(self.venv.name + suffix)

    # venv 옆의 자리: 만드는 중인 새 환경, 바꾸는 동안의 옛 환경, 잠금 파일, pip의 영어 출력 전체
    building = property(lambda self: self.sibling(".building"))
    old = property(lambda self: self.sibling(".old"))
    lock = property(lambda self: self.sibling(".lock"))
    log = property(lambda self: self.sibling(".install.log"))

    @property
    def python(self) -> Path:
        return project.python_in(self.venv)

    def shown(self, path=None) -> str:
        """안내에 쓰는 경로: 저장소 안이면 상대 경로(.venv), 밖이면 절대 경로."""
        return project.relpath(self.venv if path is None else path, self.root)


def size_text(mb) -> str:
    """안내에 쓰는 크기: 1 GB 이상이면 GB로 소수 한 자리(4,900 MB → '4.9 GB'), 아니면 MB."""
    return f"{mb / 1000:.1f} GB" if mb >= 1000 else f"{mb:,} MB"


def layout(root=project.ROOT, environ=None) -> Layout:
    environ = os.environ if environ is None else environ
    root = Path(root).resolve()
    return Layout(root, Path(os.path.abspath(project.venv_dir(root, environ))))


# ------------------------------------------------------------------ 설치 기록과 상태


def torch_choice(environ=None) -> str:
    environ = os.environ if environ is None else environ
    choice = environ.get("COURSE_TORCH", "auto") or "auto"
    if choice not in TORCH_CHOICES:
        raise SystemExit(f"COURSE_TORCH={choice!r}는 알 수 없는 값입니다. auto, cpu, default 중 하나로 정하세요.")
    return choice


def fingerprint(root, choice, python=None) -> str:
    """설치를 바꾸는 것만의 지문: 파이썬 버전, torch 선택, requirements.txt, pyproject.toml의 패키지 설정.

    [tool.course]나 pytest 설정처럼 설치와 상관없는 곳을 고쳐도 다시 설치하지 않습니다.
    """
    root = Path(root)
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    installs = {key: data.get(key) for key in ("build-system", "project")}
    installs["setuptools"] = data.get("tool", {}).get("setuptools")
    h = hashlib.sha256()
    for part in (python or platform.python_version(), choice, json.dumps(installs, sort_keys=True)):
        h.update(part.encode() + b"\0")
    h.update((root / "requirements.txt").read_bytes())
    return h.hexdigest()


def read_record(venv) -> dict | None:
    try:
        record = json.loads((Path(venv) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and {"fingerprint", "location", "root"} <= record.keys() else None


def write_record(venv, root, fp, choice, **extra) -> None:
    record = {
        "fingerprint": fp,
        "location": str(venv),
        "root": str(root),
        "python": platform.python_version(),
        "torch": choice,
        "installed": extra.pop("installed", None) or datetime.datetime.now().isoformat(timespec="seconds"),
        **extra,
    }
    _write_atomically(Path(venv) / RECORD, json.dumps(record, ensure_ascii=False, indent=2).encode())


def _write_atomically(path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    with contextlib.suppress(OSError):
        shutil.copymode(path, temporary)
    os.replace(temporary, path)


class State(NamedTuple):
    kind: str  # ok, missing, foreign, broken, incomplete, outdated, moved
    detail: str  # 학습자에게 보여 줄 한국어 한 줄


def same_path(a, b) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def inspect(lay: Layout, fp: str) -> State:
    """코스 환경의 상태. 프로세스를 띄우지 않으므로 명령마다 불러도 빠릅니다."""
    venv, shown = lay.venv, lay.shown()
    if not venv.exists():
        return State("missing", f"코스 환경({shown})이 아직 없습니다.")
    if not (venv / "pyvenv.cfg").is_file():
        return State("foreign", f"{shown}는 가상 환경이 아닙니다.")
    if not lay.python.exists():  # 파이썬이 없거나, 만든 파이썬이 지워져 링크가 끊겼습니다
        return State("broken", f"코스 환경({shown})의 파이썬이 실행되지 않습니다(만든 파이썬이 바뀌었거나 지워짐).")
    record = read_record(venv)
    if record is None:
        return State(
            "incomplete", f"코스 환경({shown})에 설치 기록이 없습니다(설치가 중간에 멈췄거나 다른 도구가 만듦)."
        )
    if record["fingerprint"] != fp:
        return State("outdated", "requirements.txt나 파이썬 버전, COURSE_TORCH가 설치한 때와 다릅니다.")
    for was, now in ((record["location"], venv), (record["root"], lay.root)):  # 달라진 것을 보여 줍니다
        if not same_path(was, now):
            return State("moved", f"저장소나 코스 환경이 옮겨졌습니다({was} → {now}).")
    return State("ok", f"코스 환경({shown})이 설치되어 있습니다({record.get('installed', '?')}).")


# ------------------------------------------------------------------ 잠금


@contextlib.contextmanager
def locked(path, waiting=None):
    """설치는 한 번에 하나만: 운영 체제의 파일 잠금(유닉스 flock, 윈도우 msvcrt).

    프로세스가 어떻게 끝나든(강제 종료 포함) 잠금은 운영 체제가 풉니다. 그래서 남은 잠금 파일은 아무것도
    막지 않습니다. 다른 프로세스가 잡고 있으면 waiting(잡은 프로세스 번호)을 한 번 부르고 풀릴 때까지 기다립니다.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            if waiting is not None:
                waiting(_holder(fd))
            _lock(fd)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        _unlock(fd)
        os.close(fd)


def _holder(fd) -> str:
    """잠금을 잡은 프로세스가 적어 둔 자기 번호(읽지 못하면 ?)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode(errors="replace").strip() or "?"
    except OSError:
        return "?"


if os.name == "nt":  # pragma: no cover - 윈도우에서만
    import msvcrt

    def _try_lock(fd) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _lock(fd) -> None:
        while not _try_lock(fd):
            time.sleep(1.0)

    def _unlock(fd) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _lock(fd) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# ------------------------------------------------------------------ 옮겨진 환경 고치기


def relocate(venv, old) -> list[Path]:
    """가상 환경이 old에서 venv로 옮겨졌을 때, 옛 경로를 품은 파일(bin/·Scripts/의 스크립트와 실행 파일의
    `#!` 줄, activate, pyvenv.cfg)을 새 경로로 고칩니다. 고친 파일 목록을 돌려줍니다. 여러 번 해도 같습니다."""
    venv, old = Path(venv), Path(old)
    pattern = re.compile(re.escape(os.fsencode(str(old))) + rb"(?=[/\\'\"\s]|$)")
    new = os.fsencode(str(venv))
    candidates = [venv / "pyvenv.cfg"]
    for folder in ("bin", "Scripts"):
        if (venv / folder).is_dir():
            candidates += sorted((venv / folder).iterdir())
    changed = []
    for path in candidates:
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        fixed = _valid_shebang(pattern.sub(lambda m: new, data))
        if fixed != data:
            _write_atomically(path, fixed)
            changed.append(path)
    return changed


SH_SHEBANG = b"#!/bin/sh\n'''exec' \"%s\" \"$0\" \"$@\"\n' '''\n"  # pip이 공백 있는 경로에 쓰는 머리


def _valid_shebang(script: bytes) -> bytes:
    """`#!경로` 줄은 경로에 공백이 있거나 너무 길면(리눅스 127바이트) 동작하지 않습니다. 그럴 때는 pip처럼
    `#!/bin/sh`로 시작해 파이썬을 exec하는 머리로 바꿉니다(공백이 있는 폴더로 옮긴 경우)."""
    if not script.startswith(b"#!") or os.name == "nt":
        return script
    first, _, rest = script.partition(b"\n")
    interpreter = first[2:].rstrip(b"\r")
    if interpreter.startswith(b"/bin/sh") or (b" " not in interpreter and len(first) < 127):
        return script
    return SH_SHEBANG % interpreter + rest


# ------------------------------------------------------------------ torch를 받을 곳


def has_nvidia_gpu() -> bool:
    return Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi") is not None


def torch_index(choice, system=None, gpu=None, probe=project.reachable):
    """torch를 받을 추가 색인(CPU 전용 색인) 또는 None(기본 색인)과, 기본 색인으로 떨어진 까닭.

    COURSE_TORCH=auto(기본): NVIDIA GPU가 없는 리눅스이면 CPU 색인. macOS와 윈도우의 기본 빌드는 원래 CPU용입니다.
    COURSE_TORCH=cpu: 언제나 CPU 색인. COURSE_TORCH=default: 언제나 기본 색인.
    돌려주는 값: (색인 또는 None, CPU 색인을 원했는데 닿지 않았는지).
    """
    if choice == "default":
        return None, False
    if choice == "auto":
        system = platform.system() if system is None else system
        gpu = has_nvidia_gpu() if gpu is None else gpu
        if system != "Linux" or gpu:
            return None, False
    if probe(CPU_INDEX + "/torch/"):
        return CPU_INDEX, False
    return None, True


# ------------------------------------------------------------------ 진행 표시


def _mb(text) -> float:
    """pip이 적은 크기('183.5 MB', '62 kB')를 MB로."""
    match = re.match(r"([\d.]+)\s*(k|M|G)?B", text.strip())
    if not match:
        return 0.0
    return float(match.group(1)) * {"k": 1 / 1024, "M": 1.0, "G": 1024.0, None: 1 / 1024**2}[match.group(2)]


class PipProgress:
    """pip의 출력 한 줄씩을 받아 한국어 진행 표시로 바꿉니다.

    무엇을 받는지(몇 번째, 이름, 버전, 크기)와 몇 %인지, 몇 개를 설치하는지 보여 줍니다. 영어 줄은 모두 기록
    파일에만 남기고, pip이 실패하면 화면에 그대로 전부 보여 줍니다(진짜 오류는 숨기지 않음). 터미널이면 한 줄을
    고쳐 쓰고(\\r) 큰 파일(BIG_MB 이상)만 줄로 남기며, 아니면(CI, 파일) 받는 파일마다 한 줄, 큰 파일은 25%마다 씁니다.
    """

    BIG_MB = 20

    DOWNLOAD = re.compile(r"^\s*Downloading (\S+) \(([^)]+)\)")
    CACHED = re.compile(r"^\s*Using cached (\S+) \(([^)]+)\)")
    PROGRESS = re.compile(r"^Progress (\d+) of (\d+)")
    RETRY = re.compile(r"^WARNING: Retrying")

    def __init__(self, out=None, log=None, tty=None, clock=time.monotonic):
        self.out = sys.stdout if out is None else out
        self.log = log
        self.tty = self.out.isatty() if tty is None else tty
        self.clock = clock
        self.lines = []
        self.current = None  # (이름 버전, 크기 글)
        self.shown_percent = -1
        self.downloaded_mb = 0.0
        self.downloads = 0
        self.cached = 0
        self.last_draw = 0.0
        self.partial = False

    def __call__(self, line):
        line = line.rstrip("\r\n")
        if self.log is not None and not self.PROGRESS.match(line):
            self.log.write(line + "\n")
        if not self.PROGRESS.match(line):
            self.lines.append(line)
        if match := self.DOWNLOAD.match(line):
            if not match.group(1).endswith(".metadata"):
                self._start(match.group(1), match.group(2))
        elif match := self.CACHED.match(line):
            if not match.group(1).endswith(".metadata"):
                self.cached += 1
        elif match := self.PROGRESS.match(line):
            self._progress(int(match.group(1)), int(match.group(2)))
        elif line.startswith("Installing collected packages:"):
            names = [name.strip() for name in line.split(":", 1)[1].split(",")]
            slow = "(torch는 푸는 데 1~2분 걸립니다)" if "torch" in names else ""
            self._say(f"  패키지 {len(names)}개를 설치합니다{slow}…")
        elif line.startswith("Successfully installed"):
            count = len(line.split()) - 2
            got = f"새로 받은 것 {self.downloads}개 {self.downloaded_mb:,.0f} MB, pip 캐시에서 {self.cached}개"
            self._say(f"  설치했습니다: 패키지 {count}개 ({got})")
        elif self.RETRY.match(line):
            self._say("  인터넷 연결이 불안정해 pip이 다시 시도합니다…")
        elif line.startswith("ERROR:"):
            self._say(line)

    def _name(self, filename) -> str:
        parts = filename.split("-")
        return f"{parts[0]} {parts[1]}" if len(parts) > 1 else filename

    def _start(self, filename, size):
        self.downloads += 1
        self.current = (f"({self.downloads}번째) {self._name(filename)}", size)
        self.downloaded_mb += _mb(size)
        self.shown_percent = -1
        self._say(f"  받는 중{self.current[0]} ({size})", partial=self.tty)

    def _progress(self, done, total):
        if self.current is None or total <= 0:
            return
        percent = min(100, done * 100 // total)
        name, size = self.current
        big = _mb(size) >= self.BIG_MB
        if self.tty:
            now = self.clock()
            if percent == 100 or now - self.last_draw >= 0.2:
                self.last_draw = now
                self._say(f"  받는 중{name} ({size}) {percent:3d}%", partial=percent < 100 or not big)
        elif percent // 25 > self.shown_percent // 25 and percent > 0 and big:
            self._say(f"  받는 중{name} {percent}%")
        self.shown_percent = percent

    def _say(self, text, partial=False):
        """한 줄을 씁니다. partial이면 줄을 끝내지 않아 다음 _say가 그 자리에 고쳐 씁니다(터미널)."""
        if self.tty and self.partial:
            self.out.write("\r")
        elif self.partial:
            self.out.write("\n")
        self.out.write(text + ("\x1b[K" if self.tty else "") + ("" if partial else "\n"))
        self.out.flush()
        self.partial = partial

    def _end_partial(self):
        if self.partial:
            self.out.write("\n")
            self.partial = False

    def failed(self, code):
        """pip이 실패했을 때: 숨겼던 출력까지 pip이 쓴 그대로 모두 보여 줍니다."""
        self._end_partial()
        self.out.write(f"---- pip의 출력 전체 (종료 코드 {code}) ----\n")
        self.out.write("\n".join(self.lines) + "\n")
        self.out.write("---- 끝 ----\n")
        self.out.flush()


# ------------------------------------------------------------------ 설치


def _say(text):
    print(text, flush=True)


def _hold(phase):
    """시험용 멈춤 자리(COURSE_SETUP_HOLD=phase): 중단 시험이 정확히 이 단계에서 신호를 보낼 수 있게 기다립니다."""
    if os.environ.get(HOLD_ENV) == phase:
        _say(f"[시험] {phase} 단계에서 기다립니다")
        time.sleep(3600)


def _size_mb(path) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total // 1024**2


def _remove(path):
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def python_problem() -> str | None:
    if sys.version_info < MIN_PYTHON:
        found = ".".join(map(str, sys.version_info[:3]))
        need = ".".join(map(str, MIN_PYTHON))
        return f"파이썬 {need} 이상이 필요합니다. 지금은 {found}입니다. 새 파이썬을 설치하고 그것으로 실행하세요."
    return None


class Installer:
    """한 번의 설치: 옆 폴더에 환경을 만들고, 패키지를 설치하고, 확인하고, 기록하고, 제자리로 옮깁니다."""

    def __init__(self, lay: Layout, choice: str, fp: str, environ=None, stdin=None):
        self.lay, self.choice, self.fp = lay, choice, fp
        self.environ = dict(os.environ if environ is None else environ)
        self.stdin = sys.stdin if stdin is None else stdin
        self.requirements = lay.root / "requirements.txt"
        self.pins = pins.read_pins(self.requirements)

    # 단계마다 보여 주는 한국어 제목과 pip 명령
    def pip(self, title, *args) -> None:
        _say(title)
        python = project.python_in(self.lay.building)
        env = {**self.environ, "PYTHONIOENCODING": "utf-8", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        # pip 24.1부터 '--progress-bar raw'가 받는 양을 줄마다 알려 줍니다(venv에 든 낡은 pip은 모름).
        bar = "raw" if pip_version(python) >= (24, 1) else "off"
        cmd = [python, "-m", "pip", "install", "--progress-bar", bar, *args]
        with open(self.lay.log, "a", encoding="utf-8") as log:
            log.write(f"\n+ {project.shown_command(cmd)}\n")
            progress = PipProgress(log=log)
            code = project.run(cmd, cwd=self.lay.root, env=env, own_group=True, output=progress, quiet=True)
        _raise_if_stopped(code)
        if code != 0:
            progress.failed(code)
            raise SystemExit(
                f"설치에 실패했습니다({title.strip()}). 위의 pip 출력에서 ERROR 줄을 확인하세요. 인터넷 연결 문제라면 "
                f"연결을 확인하고 `python3 course.py setup`을 다시 실행하세요(받은 것은 pip 캐시에 남습니다). "
                f"전체 기록: {self.lay.shown(self.lay.log)}"
            )

    @functools.cached_property
    def torch_source(self):
        """torch_index(self.choice)의 답(색인에는 한 번만 묻습니다: 설치 전 안내와 설치가 같은 답을 씁니다)."""
        return torch_index(self.choice)

    def build(self) -> str:
        """받을 torch의 크기 종류: 리눅스에서 기본 색인의 torch는 CUDA 빌드('cuda', 수 GB), 그 밖은 'cpu'."""
        index, _ = self.torch_source
        linux_default = index is None and platform.system() == "Linux" and "torch" in self.pins
        return "cuda" if linux_default else "cpu"

    def announce(self) -> None:
        kind = self.build()
        _say(
            f"코스 환경을 설치합니다: {self.lay.shown()}에 약 {size_text(SIZE_MB[kind])}, "
            f"처음이면 약 {size_text(DOWNLOAD_MB[kind])}를 내려받습니다(pip 캐시에 있으면 생략)."
        )
        if kind == "cuda":
            _say(CUDA_REASON[self.torch_source[1]].format(cpu=size_text(SIZE_MB["cpu"])))
        fast, slow = (DOWNLOAD_MB[kind] / rate for rate in (10, 1))
        _say(
            f"걸리는 시간: 설치 2~6분(CPU 2개 기준) + 내려받기(10 MB/s면 {_duration(fast)}, 1 MB/s면 "
            f"{_duration(slow)}). 멈추려면 Ctrl-C(다시 실행하면 처음부터 설치)."
        )
        self.check_disk(kind)

    def check_disk(self, kind) -> None:
        need = SIZE_MB[kind] + DOWNLOAD_MB[kind]
        free = shutil.disk_usage(self.lay.venv.parent).free // 1_000_000  # SIZE_MB와 같은 단위(MB)
        if free < need:
            raise SystemExit(
                f"디스크 공간이 모자랍니다: 약 {size_text(need)}가 필요한데 {self.lay.venv.parent}에 "
                f"{size_text(free)} 남았습니다. 공간을 비운 뒤(예: `pip cache purge`) 다시 실행하세요."
            )

    def run(self) -> None:
        lay = self.lay
        started = time.monotonic()
        self.announce()
        _remove(lay.building)
        lay.log.write_text(f"코스 환경 설치 기록 {datetime.datetime.now().isoformat(timespec='seconds')}\n", "utf-8")
        try:
            self.create()
            self.install()
            _hold("after-pip")
            self.verify()
            write_record(lay.building, lay.root, self.fp, self.choice)
            self.promote()
        except BaseException:
            if read_record(lay.building) is None:  # 완성된 환경이면 다음 실행이 제자리로 옮깁니다
                _remove(lay.building)
            raise
        minutes, seconds = divmod(int(time.monotonic() - started), 60)
        _say(
            f"설치를 마쳤습니다: {lay.shown()} {_size_mb(lay.venv):,} MB, {minutes}분 {seconds}초. "
            "점검: python3 course.py doctor"
        )

    def create(self) -> None:
        _say("[1/4] 가상 환경을 만듭니다")
        cmd = [sys.executable, "-m", "venv", self.lay.building]
        code = project.run(cmd, cwd=self.lay.root, own_group=True)
        _raise_if_stopped(code)
        if code != 0 or not project.python_in(self.lay.building).exists():
            raise SystemExit(
                "가상 환경을 만들지 못했습니다(위의 메시지 참고). 데비안/우분투라면 "
                f"`sudo apt install python3-venv`(또는 python{sys.version_info[0]}.{sys.version_info[1]}-venv)로 "
                "venv 모듈을 설치한 뒤 다시 실행하세요."
            )

    def install(self) -> None:
        self.pip("[2/4] pip을 최신으로 올립니다", "--upgrade", "pip")
        index, fell_back = self.torch_source
        torch = self.pins.get("torch")
        if index and torch:
            # torch만 CPU 색인에서 먼저 받습니다(2.13.0+cpu도 ==2.13.0을 만족하므로 다음 단계가 바꾸지 않습니다).
            self.pip("[3/4] torch(CPU 빌드)를 받습니다", f"torch=={torch}", "--extra-index-url", index)
        elif fell_back and torch:
            self.warn_cuda(torch)
        # torch는 requirements.txt의 고정 버전과 함께 한 번에 설치해야 다른 torch가 끼어들지 않습니다.
        self.pip("[3/4] 코스 패키지를 설치합니다(requirements.txt)", "-r", self.requirements)
        # helpers.py를 어느 폴더에서나 `import helpers`로 쓸 수 있게 등록합니다.
        self.register(project.python_in(self.lay.building))

    def register(self, python) -> None:
        """helpers.py를 편집 가능 설치로 등록합니다(저장소를 옮기면 다시 합니다)."""
        _say("[4/4] 코스 모듈 helpers를 등록합니다")
        env = {**self.environ, "PYTHONIOENCODING": "utf-8", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        cmd = [python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-e", self.lay.root]
        lines = []
        with open(self.lay.log, "a", encoding="utf-8") as log:
            code = project.run(cmd, cwd=self.lay.root, env=env, own_group=True, output=lines.append, quiet=True)
            log.writelines(lines)
        _raise_if_stopped(code)
        if code != 0:
            print("".join(lines), end="")
            raise SystemExit(
                f"helpers를 등록하지 못했습니다(위의 pip 출력 참고). 전체 기록: {self.lay.shown(self.lay.log)}"
            )

    def warn_cuda(self, torch) -> None:
        """CPU 색인에 닿지 않을 때: 기본 색인의 torch가 수 GB짜리 CUDA 빌드인지 미리 알아보고 경고합니다."""
        _say("PyTorch CPU 색인에 닿지 않습니다. 기본 색인의 torch가 어떤 빌드인지 알아봅니다(몇 초~30초)…")
        cuda = cuda_packages(project.python_in(self.lay.building), f"torch=={torch}", self.environ)
        if cuda == []:
            _say("기본 색인의 torch도 CPU 빌드입니다. 그것으로 설치합니다.")
            return
        what = (  # None: 알아보지 못함(pip이 실패, 낡은 pip). 안심시키지 않고 수 GB일 수 있다고 알립니다.
            f"이것은 CUDA(GPU)용 빌드라서 NVIDIA 패키지 {len(cuda)}개와 함께"
            if cuda
            else "어떤 빌드인지 알아보지 못했습니다. 리눅스에서는 보통 CUDA(GPU)용 빌드이며, 그러면"
        )
        _say(
            f"주의: PyTorch CPU 색인({CPU_INDEX})에 닿지 않아, 기본 색인의 torch를 받습니다. {what} "
            f"약 {size_text(SIZE_MB['cuda'])}를 차지하고 약 {size_text(DOWNLOAD_MB['cuda'])}를 내려받습니다"
            f"(CPU 빌드는 {size_text(SIZE_MB['cpu'])}). 코스는 GPU를 쓰지 않습니다."
        )
        _say(
            "피하려면: Ctrl-C로 멈추고 download.pytorch.org에 닿는 인터넷에서 다시 실행하세요"
            "(회사·학교 망이면 프록시 HTTPS_PROXY 설정). 또는 설치 없이 Colab에서 여세요."
        )
        self.check_disk("cuda")
        if self.stdin is not None and self.stdin.isatty():
            with contextlib.suppress(EOFError):
                input("그래도 받으려면 Enter를 누르세요(멈추려면 Ctrl-C): ")

    def verify(self) -> None:
        check_installed(project.python_in(self.lay.building), self.lay.root, self.pins)

    def promote(self) -> None:
        """완성된 환경을 제자리로: 옛 환경을 옆으로 치우고, 새 환경의 이름을 바꾸고, 경로를 고칩니다."""
        lay = self.lay
        try:
            if lay.venv.exists() or lay.venv.is_symlink():
                _remove(lay.old)
                lay.venv.rename(lay.old)
            lay.building.rename(lay.venv)
        except OSError as error:
            raise SystemExit(
                f"새 환경을 {lay.shown()}로 옮기지 못했습니다({error.strerror or error}). JupyterLab처럼 이 환경을 "
                "쓰는 프로그램을 모두 닫고 다시 실행하세요."
            ) from None
        finish_move(lay, self.choice, self.fp)
        _remove(lay.old)


# 리눅스에서 CUDA 빌드 크기를 알릴 때 그 까닭(키: CPU 색인을 원했는데 닿지 않았는지).
CUDA_REASON = {
    False: "리눅스에서 기본 색인의 torch는 CUDA(GPU)용 빌드입니다(NVIDIA GPU가 있거나 COURSE_TORCH=default). "
    "코스는 GPU를 쓰지 않습니다. CPU 빌드(약 {cpu})로 작게 설치하려면 Ctrl-C로 멈추고 "
    "`COURSE_TORCH=cpu python3 course.py setup`으로 다시 실행하세요.",
    True: "PyTorch CPU 색인에 닿지 않아 기본 색인의 torch를 받습니다. 리눅스에서는 보통 CUDA(GPU)용 빌드라서 "
    "위 크기는 그 기준입니다(CPU 빌드는 약 {cpu}). 어떤 빌드인지는 가상 환경을 만든 뒤 알아봅니다.",
}


def _duration(seconds) -> str:
    return f"{seconds:.0f}초" if seconds < 60 else f"{seconds / 60:.0f}분"


def pip_version(python) -> tuple[int, ...]:
    done = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True)
    match = re.match(r"pip (\d+)\.(\d+)", done.stdout)
    return tuple(map(int, match.groups())) if match else (0,)


def _raise_if_stopped(code) -> None:
    """자식이 멈추라는 신호로 끝났으면(project.run의 130/143) 설치 전체를 멈춥니다."""
    if code == project.TERMINATED:
        raise project.Terminated()
    if code == project.INTERRUPTED:
        raise KeyboardInterrupt()


def finish_move(lay: Layout, choice, fp, reregister=None) -> None:
    """기록된 위치와 지금 위치가 다르면 경로를 고치고(필요하면 helpers도 다시 등록) 기록을 새로 씁니다."""
    record = read_record(lay.venv) or {}
    old_location, old_root = record.get("location", str(lay.venv)), record.get("root", str(lay.root))
    if not same_path(old_location, lay.venv):
        relocate(lay.venv, old_location)
    if not same_path(old_root, lay.root) and reregister is not None:
        reregister()
    write_record(lay.venv, lay.root, fp, choice, installed=record.get("installed"))


def probe(python, pinned) -> dict:
    """환경 안의 파이썬에 물어봅니다: 고정된 패키지마다 설치된 버전(없으면 None)과 helpers의 위치."""
    code = (
        "import json, sys\nfrom importlib import metadata, util\nversions = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    try:\n        versions[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n        versions[name] = None\n"
        "spec = util.find_spec('helpers')\n"
        "print(json.dumps({'versions': versions, 'helpers': spec and spec.origin, 'prefix': sys.prefix}))\n"
    )
    done = subprocess.run(
        [str(python), "-I", "-c", code, json.dumps(list(pinned))], capture_output=True, text=True, encoding="utf-8"
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise SystemExit(f"코스 환경의 파이썬이 실행되지 않습니다({last}). `python3 course.py setup`으로 고치세요.")
    return json.loads(done.stdout)


def check_installed(python, root, pinned) -> None:
    """설치한 패키지가 모두 있고 helpers가 이 저장소의 것인지 확인합니다. 아니면 한국어로 SystemExit."""
    found = probe(python, pinned)
    missing, _ = compare(pinned, found["versions"])
    fails = [f"{', '.join(missing)}가 설치되어 있지 않습니다"] if missing else []
    helpers = found.get("helpers")
    if helpers is None or not same_path(helpers, Path(root) / "helpers.py"):
        fails.append(f"helpers가 이 저장소({root})의 것이 아닙니다({helpers})")
    if fails:
        raise SystemExit(
            "코스 환경 확인에 실패했습니다: " + "; ".join(fails) + ". `python3 course.py setup`을 다시 실행하세요."
        )


def compare(pinned, versions) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(없는 패키지 이름들, 고정 버전과 다른 (이름, 설치된 버전, 고정 버전)들). 로컬 꼬리표(+cpu)는 같게 봅니다."""
    missing = [name for name in pinned if versions.get(name) is None]
    different = [
        (name, versions[name], pin)
        for name, pin in pinned.items()
        if versions.get(name) is not None and versions[name].split("+")[0] != pin
    ]
    return missing, different


def cuda_packages(python, requirement, environ) -> list[str] | None:
    """pip이 requirement를 풀면 함께 받을 NVIDIA(CUDA) 패키지 이름들. 알아보지 못하면 None."""
    cmd = [str(python), "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed", "--report", "-"]
    done = subprocess.run([*cmd, requirement], capture_output=True, text=True, env=environ)
    if done.returncode != 0:
        return None
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return None
    names = [item.get("metadata", {}).get("name", "") for item in report.get("install", [])]
    return [name for name in names if name.lower().startswith("nvidia")]


def ensure(lay: Layout | None = None, environ=None, stdin=None) -> Layout:
    """코스 환경을 쓸 수 있게 합니다: 이미 되어 있으면 바로 돌아오고, 옮겨졌으면 고치고, 없거나 미완성이거나
    requirements.txt가 바뀌었으면 새로 만듭니다. 실패하면 무엇을 할지 한국어로 말하며 SystemExit."""
    if problem := python_problem():
        raise SystemExit(problem)
    environ = os.environ if environ is None else environ
    lay = layout(environ=environ) if lay is None else lay
    choice = torch_choice(environ)
    fp = fingerprint(lay.root, choice)
    if inspect(lay, fp).kind == "ok":
        return lay

    def waiting(holder):
        _say(f"다른 설치(프로세스 {holder})가 진행 중입니다. 끝나기를 기다립니다(그만 기다리려면 Ctrl-C).")

    with locked(lay.lock, waiting):
        recover(lay, fp)
        state = inspect(lay, fp)
        if state.kind == "ok":
            return lay
        if state.kind == "foreign":
            raise SystemExit(
                f"{state.detail} 코스 환경을 만들 자리이므로, 그 안의 파일이 필요 없으면 지우고(예: `rm -rf "
                f"{lay.shown()}`) 다시 실행하세요. 다른 곳에 만들려면 환경 변수 COURSE_VENV에 경로를 적으세요."
            )
        installer = Installer(lay, choice, fp, environ, stdin)
        if state.kind == "moved":
            _say(f"{state.detail} 경로를 고칩니다.")
            try:
                finish_move(lay, choice, fp, reregister=lambda: installer.register(lay.python))
                check_installed(lay.python, lay.root, installer.pins)
                _say("고쳤습니다. 옮긴 자리에서 그대로 쓸 수 있습니다.")
                return lay
            except SystemExit as error:
                _say(f"고치지 못했습니다({error}). 새로 설치합니다.")
                (lay.venv / RECORD).unlink(missing_ok=True)
        elif state.kind != "missing":
            _say(f"{state.detail} 새로 만듭니다(지금 환경은 새 환경이 완성된 뒤에 바꿉니다).")
        installer.run()
    return lay


def recover(lay: Layout, fp) -> None:
    """지난 설치가 남긴 것 정리: 제자리로 옮기기 직전에 멈춘 완성된 환경은 옮기고, 나머지는 지웁니다."""
    building = read_record(lay.building)
    if not lay.venv.exists() and building is not None and building["fingerprint"] == fp:
        lay.building.rename(lay.venv)
    _remove(lay.building)
    _remove(lay.old)
