"""JupyterLab 끝까지 시험(e2e) 실행기. `python3 course.py e2e [pytest 인수…]`가 가상 환경 안에서 부릅니다.

1. 브라우저 시험의 준비(tools/browser.py): 시스템 Chromium이 없으면 apt로 설치하고(브라우저를 내려받지 않음),
   requirements-e2e.txt의 고정 버전(Playwright)을 가상 환경에 설치합니다(이미 있으면 건너뜀).
2. pytest로 tests/e2e/jupyterlab_e2e.py를 실행합니다. 화면 사진은 artifacts/screenshots/에 남습니다.

다른 Chromium을 쓰려면 COURSE_CHROMIUM=/경로/chromium 으로 정하세요.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools import browser, project  # noqa: E402


def main(args):
    env = {**os.environ, **browser.prepare()}
    # pyproject.toml의 pytest 설정(-n 2 등)을 쓰되, 브라우저 하나로 차례로 돌도록 -n 0으로 바꿉니다.
    return project.run([sys.executable, "-m", "pytest", "tests/e2e/jupyterlab_e2e.py", "-n", "0", *args], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
