"""드리프트 검사(.github/workflows/drift.yml)가 고정 버전만 최신으로 바꿀 때 씁니다. 표준 라이브러리만 씁니다.

    python3 -m tools.drift requirements.txt   # 파일의 `이름==버전`을 함께 설치되는 최신 릴리스로 바꾸고 표를 출력

최신 버전은 pip이 실제로 고르는 것(`pip install --dry-run --report`, 모든 패키지를 함께 풀어서)을 씁니다.
파일의 주석과 순서는 그대로 두고 버전 숫자만 바꿉니다. 그다음 CI와 같은 `python3 course.py test`가 돕니다.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tools import pins, project


def latest(names, python=sys.executable) -> dict[str, str]:
    """함께 설치되는 최신 버전 {정규화한 이름: 버전}(pip의 해석 그대로, 설치는 하지 않음)."""
    with tempfile.TemporaryDirectory() as scratch:
        wanted, report = Path(scratch) / "latest.txt", Path(scratch) / "report.json"
        wanted.write_text("\n".join(names) + "\n", encoding="utf-8")
        cmd = [python, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed"]
        subprocess.run([*cmd, "--report", report, "-r", wanted], check=True)
        chosen = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {pins.normalize(item["metadata"]["name"]): item["metadata"]["version"] for item in chosen}


def repin(text, versions) -> str:
    """`이름==버전` 줄의 버전만 versions의 것으로(주석, 빈 줄, 순서는 그대로)."""
    lines = []
    for line in text.splitlines():
        match = pins.PIN.match(line)
        new = versions.get(pins.normalize(match.group(1))) if match else None
        lines.append(line.replace(f"=={match.group(2)}", f"=={new}", 1) if new else line)
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python3 -m tools.drift", description=__doc__.split("\n")[0])
    parser.add_argument("requirements", type=Path, help="고정 버전을 바꿀 파일(예: requirements.txt)")
    path = parser.parse_args(argv).requirements
    if not path.is_file():
        parser.error(f"{path}가 없습니다. 저장소 폴더에서 requirements.txt의 경로를 주세요.")
    old = pins.read_pins(path)
    versions = latest(list(old))
    path.write_text(repin(path.read_text(encoding="utf-8"), versions), encoding="utf-8")
    print("| 패키지 | 고정 버전 | 최신 버전 |\n|---|---|---|")
    for name, pinned in old.items():
        now = versions.get(pins.normalize(name), pinned)
        print(f"| {name} | {pinned} | {now}{'' if now == pinned else ' ⬆'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
