"""코스가 얼마나 걸리고 얼마나 큰지 잽니다. `python3 course.py bench`로 실행하세요(.venv의 파이썬, 기록과 같은 설정).
`python3 course.py bench`는 `.venv/bin/python -m tools.benchmark …`를 실행합니다.

    python3 course.py bench                 # 노트북마다 3회, 전체 테스트 1회, 설치 크기
    python3 course.py bench --runs 5        # 노트북마다 5회
    python3 course.py bench --no-suite notebooks/05_training_loop.ipynb

1. 노트북 실행 시간: `course.py record`처럼 새 커널에서 처음부터 끝까지 실행하는 시간(커널 시작 포함)을 잽니다.
   기준은 라이브러리 임포트와 helpers.setup()만 하는 '바닥 노트북'입니다. 바닥 노트북과 모든 노트북을
   한 바퀴씩 번갈아(round robin) 실행하기를 --runs번 되풀이하고, 각자의 중앙값을 바닥의 중앙값으로 나눈
   배율을 보여 줍니다. 같은 시각에 나란히 재므로 컴퓨터가 바쁘거나 느려도 배율은 크게 흔들리지 않습니다.
2. 전체 테스트 시간: `python3 course.py test`와 같은 pytest를 한 번 실행한 벽시계 시간.
3. 설치 크기: 가상 환경(.venv) 전체와 그중 큰 패키지, 개발 도구(requirements-dev.txt)의 몫.

결과는 CONTRIBUTING.md의 「벤치마크」 절에 붙일 수 있는 마크다운 표로 출력합니다. 시간을 재는 테스트가 아니라
사람이 보는 측정 명령이라서 실패 기준은 없습니다.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import nbformat

from tools import project
from tools.notebooks import execute
from tools.pins import read_pins

ROOT = project.ROOT
NOTEBOOKS = ROOT / "notebooks"

FLOOR_SOURCE = """\
# 바닥 노트북: 라이브러리 임포트와 환경 설정만 합니다
%matplotlib inline
import numpy as np
import torch
import matplotlib.pyplot as plt
from torchviz import make_dot
import helpers

helpers.setup()
"""
FLOOR = "(바닥) 임포트 + helpers.setup()"


def floor_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    return nb


def run_once(nb, workdir) -> float:
    """노트북을 새 커널에서 처음부터 끝까지 실행한 시간(초). `course.py record`와 같은 tools.notebooks.execute."""
    start = time.perf_counter()
    execute(copy.deepcopy(nb), workdir)
    return time.perf_counter() - start


def time_notebooks(paths, runs, warmup):
    jobs = [(FLOOR, floor_notebook(), NOTEBOOKS)]
    jobs += [(path.stem, nbformat.read(path, as_version=4), path.parent) for path in paths]
    for _ in range(warmup):  # 디스크 캐시와 임포트 캐시(.pyc)를 데웁니다. 기록하지 않습니다.
        run_once(jobs[0][1], jobs[0][2])
    times = {name: [] for name, _, _ in jobs}
    for r in range(1, runs + 1):
        for name, nb, workdir in jobs:
            seconds = run_once(nb, workdir)
            times[name].append(seconds)
            print(f"  [{r}/{runs}] {name}: {seconds:.2f}초", file=sys.stderr, flush=True)
    return times


def time_suite():
    """pyproject.toml의 설정 그대로 전체 테스트를 한 번 실행합니다(python3 course.py test와 같음)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = [ln.strip("= ") for ln in proc.stdout.splitlines() if ln.strip()]
    summary = lines[-1] if lines else f"종료 코드 {proc.returncode}"
    summary = re.sub(r" in [\d.]+s.*$", "", summary)
    return seconds, summary, proc.returncode


def tree_size(path: Path) -> int:
    """파일 크기의 합(바이트). 심볼릭 링크는 따라가지 않습니다."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            if not os.path.islink(os.path.join(folder, name)):
                total += st.st_size
    return total


def dist_size(name: str) -> int:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return 0
    total = 0
    for file in dist.files or []:
        p = Path(dist.locate_file(file))
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def dependency_closure(names):
    """requirements.txt의 패키지와 그것들이 (extra 없이) 필요로 하는 패키지 전부의 이름."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen, todo = set(), [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for spec in map(Requirement, requires):
            if spec.marker is None or spec.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(spec.name))
    return seen


def mb(n: int) -> str:
    return f"{n / 1024**2:,.0f} MB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="잴 노트북(없으면 notebooks/의 NN_*.ipynb 전부)")
    parser.add_argument("--runs", type=int, default=3, help="노트북마다 실행 횟수(중앙값을 씁니다, 기본 3)")
    parser.add_argument("--warmup", type=int, default=1, help="재기 전에 바닥 노트북을 돌리는 횟수(기본 1)")
    parser.add_argument("--no-suite", action="store_true", help="전체 테스트 시간은 재지 않습니다")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs는 1 이상이어야 합니다.")
    paths = [p.resolve() for p in args.notebooks] or project.lesson_paths()

    import torch  # 버전 표시용

    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    cpu = os.cpu_count()
    threads = os.environ.get("OMP_NUM_THREADS", "?")
    print(f"노트북 {len(paths)}권을 바닥 노트북과 번갈아 {args.runs}회씩 실행합니다…", file=sys.stderr, flush=True)
    times = time_notebooks(paths, args.runs, args.warmup)
    floor = statistics.median(times[FLOOR])

    print(f"### 측정 결과 ({today})\n")
    print(
        f"- 환경: {platform.system()} {platform.machine()}, CPU {cpu}개(계산 스레드 {threads}개), "
        f"Python {platform.python_version()}, torch {torch.__version__}"
    )
    print(f"- 노트북마다 새 커널로 처음부터 끝까지 {args.runs}회 실행한 중앙값(커널 시작 포함)", end="")
    print(", 바닥 노트북과 번갈아 측정\n")
    print("| 노트북 | 실행 시간 (중앙값) | 바닥 대비 |")
    print("|---|---:|---:|")
    print(f"| {FLOOR} | {floor:.1f}초 | 1.00 |")
    total = 0.0
    for name, values in times.items():
        if name == FLOOR:
            continue
        med = statistics.median(values)
        total += med
        print(f"| `{name}` | {med:.1f}초 | {med / floor:.2f} |")
    print(f"| 노트북 {len(paths)}권 합계 | {total:.1f}초 | {total / floor:.2f} |\n")

    if not args.no_suite:
        print("전체 테스트를 실행합니다…", file=sys.stderr, flush=True)
        seconds, summary, code = time_suite()
        status = "" if code == 0 else f" — 실패(종료 코드 {code})"
        print(f"- 전체 테스트(`python3 course.py test`, xdist 2개): {seconds:.0f}초 ({summary}){status}")

    venv = Path(sys.prefix)
    venv_total = tree_size(venv)
    course_sizes = sorted(
        ((dist_size(n), n) for n in dependency_closure([*read_pins(ROOT / "requirements.txt"), "pip"])), reverse=True
    )
    course = sum(size for size, _ in course_sizes)
    dev_names = list(read_pins(ROOT / "requirements-dev.txt"))
    dev = sum(dist_size(name) for name in dev_names)
    biggest = course_sizes[:3]
    parts = ", ".join(f"{name} {mb(size)}" for size, name in biggest)
    print(f"- 설치 크기: 코스 환경(requirements.txt와 그 의존 패키지) {mb(course)} (큰 것: {parts})")
    extra = f", 그중 개발 도구(requirements-dev.txt) {mb(dev)}" if dev else ""
    print(f"  — 지금 `{venv.name}/` 전체는 {mb(venv_total)}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
