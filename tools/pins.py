"""requirements*.txt의 고정 버전(`이름==버전`)을 읽는 하나뿐인 곳. 표준 라이브러리만 씁니다.

    python3 -m tools.pins names requirements.txt   # 패키지 이름만 한 줄에 하나씩
    python3 -m tools.pins table requirements.txt   # 고정 버전과 지금 설치된 버전의 마크다운 표(손으로 볼 때)

course.py(lint의 ruff, doctor), tools/environment.py(설치와 설치 확인), tools/benchmark.py, tools/site.py
(requirements-site.txt), tools/browser.py(requirements-e2e.txt), tools/colab_check.py, tools/drift.py(drift.yml)와
테스트가 모두 이 파일로 읽습니다. helpers.py는 읽지 않습니다(Colab은 자기 버전을 씁니다).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tools import project

PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)")


def normalize(name: str) -> str:
    """PEP 503 이름: 대소문자와 -, _, . 차이를 없앱니다(koreanize_matplotlib == koreanize-matplotlib)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path) -> dict[str, str]:
    """{이름: 버전}. 주석과 빈 줄은 건너뛰고, `==`로 고정하지 않은 줄이 있으면 한국어로 알려 줍니다."""
    pins = {}
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        match = PIN.match(text)
        if not match:
            raise ValueError(f"{path}:{line_no}: {text!r}는 정확한 고정(이름==버전)이 아닙니다.")
        pins[match.group(1)] = match.group(2)
    return pins


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python3 -m tools.pins", description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["names", "table"], help="names: 이름만, table: 고정·설치 버전 표")
    parser.add_argument("requirements", type=Path, help="읽을 파일(예: requirements.txt)")
    args = parser.parse_args(argv)
    try:
        pins = read_pins(args.requirements)
    except FileNotFoundError:
        parser.error(f"{args.requirements}가 없습니다. 저장소 폴더에서 requirements.txt의 경로를 주세요.")
    except ValueError as error:
        parser.error(str(error))
    if args.what == "names":
        print("\n".join(pins))
        return 0
    from importlib.metadata import PackageNotFoundError, version

    print("| 패키지 | 고정 버전 | 설치된 버전 |\n|---|---|---|")
    for name, pinned in pins.items():
        try:
            now = version(name)
        except PackageNotFoundError:
            now = "(없음)"
        mark = "" if now.split("+")[0] == pinned else " ⬆"
        print(f"| {name} | {pinned} | {now}{mark} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
