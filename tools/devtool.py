"""pre-commit 훅이 부르는 개발 도구(nbstripout, ruff)를 저장소의 코스 환경(.venv)에서 실행합니다.

    python -m tools.devtool nbstripout …   # .pre-commit-config.yaml이 부릅니다(pre-commit이 만든 파이썬으로)
    python -m tools.devtool ruff check …

리눅스·macOS는 .venv/bin, 윈도우는 .venv\\Scripts에 있는 도구를 찾습니다(tools/project.python_in). 도구의 버전은
requirements-dev.txt 한 곳에만 적고, 그 도구를 코스 환경에 설치해 씁니다. 표준 라이브러리만 씁니다.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools import project

TOOLS = ("nbstripout", "ruff")


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python -m tools.devtool", description=__doc__.split("\n")[0])
    parser.add_argument("tool", choices=TOOLS, metavar="도구", help=f"실행할 개발 도구({', '.join(TOOLS)})")
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="인수", help="도구에 그대로 넘길 인수")
    args = parser.parse_args(argv)
    python = project.python_in(project.venv_dir())
    if not Path(python).is_file():
        install = [python, "-m", "pip", "install", "-r", "requirements-dev.txt", "-c", "requirements.txt"]
        print(
            f"개발 도구를 실행할 코스 환경({project.venv_dir()})이 없습니다. `python3 course.py setup`으로 만들고 "
            f"`{project.shown_command(install)}`으로 개발 도구를 설치하세요.",
            file=sys.stderr,
        )
        return 1
    return project.run([python, "-m", args.tool, *args.args], quiet=True)


if __name__ == "__main__":
    sys.exit(main())
