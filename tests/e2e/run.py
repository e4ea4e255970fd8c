"""JupyterLab 끝까지 시험(e2e) 실행기. `python3 course.py e2e [pytest 인수…]`가 가상 환경 안에서 부릅니다.

1. 시스템 Chromium이 없으면 apt로 설치합니다(데비안: chromium, chromium-driver). 브라우저를 내려받지 않습니다.
2. requirements-e2e.txt의 고정 버전(Playwright)을 가상 환경에 설치합니다(이미 있으면 건너뜀).
3. pytest로 tests/e2e/jupyterlab_e2e.py를 실행합니다. 화면 사진은 artifacts/screenshots/에 남습니다.

다른 Chromium을 쓰려면 COURSE_CHROMIUM=/경로/chromium 으로 정하세요.
"""

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.pins import read_pins  # noqa: E402

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")


def step(cmd):
    print("+", " ".join(map(str, cmd)), flush=True)
    if subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode != 0:
        sys.exit(f"실패했습니다: {' '.join(map(str, cmd))}")


def ensure_chromium():
    if Path(CHROMIUM).is_file():
        return
    if not shutil.which("apt-get"):
        sys.exit(f"Chromium({CHROMIUM})이 없고 apt-get도 없습니다. 설치한 뒤 COURSE_CHROMIUM으로 경로를 알려 주세요.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in ([*sudo, "apt-get", "update"], [*sudo, "apt-get", "install", "-y", "chromium", "chromium-driver"]):
        print("+", " ".join(cmd), flush=True)
        if subprocess.run(cmd, env=env).returncode != 0:
            sys.exit("Chromium을 설치하지 못했습니다. 위의 apt 메시지를 확인하세요.")
    if not Path(CHROMIUM).is_file():
        sys.exit(f"Chromium을 설치했지만 {CHROMIUM}에 없습니다. COURSE_CHROMIUM으로 경로를 알려 주세요.")


def ensure_python_tools():
    pins = read_pins(ROOT / "requirements-e2e.txt")
    try:
        if all(metadata.version(name) == version for name, version in pins.items()):
            return
    except metadata.PackageNotFoundError:
        pass
    step([sys.executable, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements-e2e.txt"])


def main(args):
    ensure_chromium()
    ensure_python_tools()
    env = {**os.environ, "COURSE_CHROMIUM": CHROMIUM}
    # pyproject.toml의 pytest 설정(-n 2 등)을 쓰되, 브라우저 하나로 차례로 돌도록 -n 0으로 바꿉니다.
    cmd = [sys.executable, "-m", "pytest", "tests/e2e/jupyterlab_e2e.py", "-n", "0", *args]
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
