"""코스 도구: 설치, JupyterLab 열기, 테스트, 노트북 출력 기록. 표준 라이브러리만 씁니다.

    python3 course.py lab               # (처음이면 설치한 뒤) JupyterLab으로 코스를 엽니다
    python3 course.py test              # (처음이면 설치한 뒤) 전체 테스트를 실행합니다
    python3 course.py doctor            # 설치가 제대로 되었는지 한 줄씩 점검합니다(OK / 경고 / FAIL)
    python3 course.py record [노트북…]   # 노트북(없으면 notebooks/와 solutions/ 전부)을 다시 실행해 출력을 기록합니다
    python3 course.py setup             # 설치만 합니다
    python3 course.py lint              # (유지 관리) ruff 린트와 형식 검사(대상은 pyproject.toml의 [tool.ruff])
    python3 course.py bench [--runs N]  # (유지 관리) 노트북 실행 시간, 테스트 시간, 설치 크기 측정
    python3 course.py sync [--check]    # (유지 관리) Colab 배지, 준비 셀, README의 Colab 표를 맞춤
    python3 course.py set-repo 소유자/이름 [--ref 버전]  # (포크) 저장소 설정과 모든 배지·링크를 바꿈
    python3 course.py release-check     # (배포 전) 저장소 설정, 동기화, 고정 버전(ref)이 배포할 수 있는 상태인지
    python3 course.py e2e [pytest 인수…]  # (유지 관리) JupyterLab+Chromium으로 모든 노트북 실행 검사
    python3 course.py site [--e2e]      # 기록된 출력으로 코스 웹사이트를 build/site/에 만듭니다(tools/site.py)
    python3 course.py colab-check       # (유지 관리) Colab 런타임과 같은 버전으로 모든 노트북을 실행해 출력 비교

설치는 저장소 안의 가상 환경 .venv에 requirements.txt의 고정 버전으로 합니다.
requirements.txt나 pyproject.toml이 바뀌면 다음 실행 때 자동으로 다시 설치합니다.
NVIDIA GPU가 없는 리눅스에서는 torch를 PyTorch의 CPU 전용 색인에서 받습니다(수 GB짜리 CUDA 빌드 대신).
기본 색인의 빌드를 원하면 COURSE_TORCH=default, 언제나 CPU 색인을 쓰려면 COURSE_TORCH=cpu로 정하세요.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from tools import pins, project
from tools.notebooks import deterministic_env

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / "course-installed.txt"
# PyTorch의 CPU 전용 휠 색인(tools/project.py 한 곳). NVIDIA GPU가 없는 리눅스에서 torch만 여기서 받습니다.
CPU_INDEX = project.CPU_INDEX


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd, **kwargs):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, **kwargs).returncode


def has_nvidia_gpu() -> bool:
    return Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi") is not None


# 색인에 한 번만 물어봅니다(tools/project.py). 닿지 않는 색인을 pip에 넘기면 패키지마다 재시도로 시간을 버립니다.
reachable = project.reachable


def torch_index(env=None, system=None, gpu=None, probe=reachable):
    """torch를 받을 추가 색인(CPU 전용 색인) 또는 None(기본 색인)을 정합니다.

    COURSE_TORCH=auto(기본): NVIDIA GPU가 없는 리눅스이면 CPU 색인. macOS와 윈도우의 기본 빌드는 원래 CPU용입니다.
    COURSE_TORCH=cpu: 언제나 CPU 색인. COURSE_TORCH=default: 언제나 기본 색인.
    CPU 색인에 닿지 않으면 알리고 기본 색인으로 설치합니다(설치는 그래도 성공합니다).
    """
    env = os.environ if env is None else env
    choice = env.get("COURSE_TORCH", "auto")
    if choice not in ("auto", "cpu", "default"):
        sys.exit(f"COURSE_TORCH={choice!r}는 알 수 없는 값입니다. auto, cpu, default 중 하나로 정하세요.")
    if choice == "default":
        return None
    if choice == "auto":
        system = platform.system() if system is None else system
        gpu = has_nvidia_gpu() if gpu is None else gpu
        if system != "Linux" or gpu:
            return None
    if probe(CPU_INDEX + "/torch/"):
        return CPU_INDEX
    print(f"PyTorch CPU 색인({CPU_INDEX})에 연결할 수 없어 기본 색인에서 torch를 설치합니다.", flush=True)
    return None


def install_fingerprint(extra="") -> str:
    h = hashlib.sha256((sys.version + extra).encode())
    for name in ("requirements.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"파이썬 3.11 이상이 필요합니다. 지금은 {sys.version.split()[0]}입니다.")
    if not venv_python().is_file():
        print(f"가상 환경을 만듭니다: {VENV}")
        if run([sys.executable, "-m", "venv", VENV]) != 0:
            sys.exit("가상 환경을 만들지 못했습니다. 데비안/우분투라면 `apt install python3-venv`가 필요합니다.")
    return venv_python()


def setup() -> None:
    """가상 환경을 만들고 고정 버전 패키지와 helpers를 설치합니다(이미 되어 있으면 건너뜀)."""
    choice = os.environ.get("COURSE_TORCH", "auto")
    if STAMP.is_file() and STAMP.read_text() == install_fingerprint(choice) and venv_python().is_file():
        return
    py = ensure_venv()
    torch_pin = f"torch=={pins.read_pins(ROOT / 'requirements.txt')['torch']}"
    index = torch_index()
    steps = [[py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"]]
    if index:
        # torch만 CPU 색인에서 먼저 받습니다(2.13.0+cpu도 ==2.13.0을 만족하므로 다음 단계가 바꾸지 않습니다).
        steps.append([py, "-m", "pip", "install", "--quiet", torch_pin, "--extra-index-url", index])
    steps += [
        # torch는 requirements.txt의 고정 버전과 함께 한 번에 설치해야 다른 torch가 끼어들지 않습니다.
        [py, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt"],
        # helpers.py를 어느 폴더에서나 `import helpers`로 쓸 수 있게 등록합니다.
        [py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ROOT],
    ]
    for cmd in steps:
        if run(cmd) != 0:
            sys.exit("설치에 실패했습니다. 위의 pip 메시지를 확인하세요.")
    STAMP.write_text(install_fingerprint(choice))
    print("설치를 마쳤습니다. 점검: python3 course.py doctor")


def kernel_env() -> dict:
    """노트북 커널과 테스트의 환경: 결정적 설정(tools/notebooks.py)과 가상 환경의 bin/을 PATH 맨 앞에."""
    return deterministic_env(venv_python().parent)


def lab(args) -> int:
    """JupyterLab을 127.0.0.1에서 토큰 인증으로 열고 notebooks/ 폴더를 보여 줍니다."""
    cmd = [
        venv_python(),
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.default_url=/lab/tree/notebooks",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # root로 실행하면(도커, 서버 등) 이 옵션이 있어야 시작됩니다.
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # 설정되어 있으면 노트북 안의 그림이 사라집니다.
    env["PATH"] = str(venv_python().parent) + os.pathsep + env.get("PATH", "")
    return run(cmd + list(args), env=env)


def test(args) -> int:
    """단위 테스트와 nbval(노트북의 기록된 출력 검증)을 pyproject.toml의 설정으로 실행합니다."""
    return run([venv_python(), "-m", "pytest", *args], env=kernel_env())


def record(args) -> int:
    """노트북을 새 커널에서 처음부터 끝까지 실행해 출력을 저장합니다(tools/notebooks.py, 가상 환경 안에서)."""
    paths = [Path(a).resolve() for a in args]
    return run([venv_python(), ROOT / "tools" / "notebooks.py", "record", *paths], env=kernel_env())


def lint(args) -> int:
    """ruff check와 ruff format --check를 모두 실행합니다. 대상 경로는 pyproject.toml의 [tool.ruff] include.

    코스 환경(torch 등)은 설치하지 않고 requirements-dev.txt에 고정된 ruff만 가상 환경에 설치합니다.
    """
    ruff_pin = f"ruff=={pins.read_pins(ROOT / 'requirements-dev.txt')['ruff']}"
    ruff = venv_python().parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if not ruff.is_file() or run([ruff, "--version"], capture_output=True) != 0:
        if run([ensure_venv(), "-m", "pip", "install", "--quiet", ruff_pin]) != 0:
            sys.exit(f"{ruff_pin}를 설치하지 못했습니다. 위의 pip 메시지를 확인하세요.")
    checked = run([ruff, "check", *args])
    formatted = run([ruff, "format", "--check", *args])  # check가 실패해도 형식 검사는 합니다.
    return checked or formatted


def bench(args) -> int:
    """노트북마다 실행 시간(바닥 노트북 대비 배율), 전체 테스트 시간, 설치 크기를 잽니다(tools/benchmark.py)."""
    return run([venv_python(), ROOT / "tools" / "benchmark.py", *args], env=kernel_env())


def doctor(args) -> int:
    """설치 점검. 가상 환경 안에서 helpers.doctor()를 실행하고, FAIL이 하나라도 있으면 0이 아닌 값으로 끝납니다."""
    if not venv_python().is_file():
        print(f"FAIL  코스 환경: 가상 환경({VENV})이 없습니다. `python3 course.py setup`으로 설치하세요.")
        return 1
    return run([venv_python(), "-c", "import sys, helpers; sys.exit(1 if helpers.doctor() else 0)", *args])


# 가상 환경 안에서 실행하는 유지 관리 도구: 명령 → (스크립트, 스크립트에 먼저 넘길 인수)
TOOLS = {
    "sync": ("tools/colab.py", ["sync"]),
    "set-repo": ("tools/colab.py", ["set-repo"]),
    "release-check": ("tools/colab.py", ["release-check"]),
    "e2e": ("tests/e2e/run.py", []),
    "site": ("tools/site.py", []),  # Sphinx + myst-nb, requirements-site.txt
    "colab-check": ("tools/colab_check.py", []),  # Colab 런타임의 버전으로 모든 노트북 실행(colab/runtimes.toml)
}
COMMANDS = {"lab": lab, "test": test, "record": record, "bench": bench}
# 코스 환경을 설치하지 않고 실행하는 명령: 점검은 설치 상태를 그대로 보고, 린트는 ruff만 씁니다.
WITHOUT_SETUP = {"lint": lint, "doctor": doctor}


def main(argv) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    if command in WITHOUT_SETUP:
        return WITHOUT_SETUP[command](args)
    if command in COMMANDS or command in TOOLS or command == "setup":
        setup()
        if command == "setup":
            return 0
        if command in COMMANDS:
            return COMMANDS[command](args)
        script, first = TOOLS[command]
        return run([venv_python(), ROOT / script, *first, *args], env=kernel_env())
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
