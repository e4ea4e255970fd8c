#!/usr/bin/env python3
"""코스 도구: 설치, JupyterLab 열기, 테스트, 노트북 출력 기록. 표준 라이브러리만 씁니다.

    python3 course.py lab               # (처음이면 설치한 뒤) JupyterLab으로 코스를 엽니다
    python3 course.py test              # (처음이면 설치한 뒤) 전체 테스트를 실행합니다
    python3 course.py record [노트북…]   # 노트북(없으면 notebooks/와 solutions/ 전부)을 다시 실행해 출력을 기록합니다
    python3 course.py setup             # 설치만 합니다
    python3 course.py lint [경로…]      # (유지 관리) ruff 린트와 형식 검사
    python3 course.py bench [--runs N]  # (유지 관리) 노트북 실행 시간, 테스트 시간, 설치 크기 측정
    python3 course.py sync [--check]    # (유지 관리) Colab 배지, 준비 셀, README의 Colab 표를 맞춤
    python3 course.py set-repo 소유자/이름 [--ref 버전]  # (포크) 저장소 설정과 모든 배지·링크를 바꿈
    python3 course.py e2e [pytest 인수…]  # (유지 관리) JupyterLab+Chromium으로 모든 노트북 실행 검사

설치는 저장소 안의 가상 환경 .venv에 requirements.txt의 고정 버전으로 합니다.
requirements.txt나 pyproject.toml이 바뀌면 다음 실행 때 자동으로 다시 설치합니다.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / "course-installed.txt"
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"

# 테스트와 출력 기록을 어느 컴퓨터에서나 같은 결과로 만드는 설정:
# 그래프는 언제나 graphviz-pure로, 계산은 스레드 1개로.
RECORD_ENV = {
    "COURSE_GRAPHVIZ": "pure",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd, **kwargs):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, **kwargs).returncode


def install_fingerprint() -> str:
    h = hashlib.sha256(sys.version.encode())
    for name in ("requirements.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def setup() -> None:
    """가상 환경을 만들고 고정 버전 패키지와 helpers를 설치합니다(이미 되어 있으면 건너뜀)."""
    if sys.version_info < (3, 11):
        sys.exit(f"파이썬 3.11 이상이 필요합니다. 지금은 {sys.version.split()[0]}입니다.")
    if STAMP.is_file() and STAMP.read_text() == install_fingerprint() and venv_python().is_file():
        return
    if not venv_python().is_file():
        print(f"가상 환경을 만듭니다: {VENV}")
        if run([sys.executable, "-m", "venv", VENV]) != 0:
            sys.exit("가상 환경을 만들지 못했습니다. 데비안/우분투라면 `apt install python3-venv`가 필요합니다.")
    py = venv_python()
    steps = [
        [py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        # torch는 requirements.txt의 고정 버전과 함께 한 번에 설치해야 다른 torch가 끼어들지 않습니다.
        [py, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt"],
        # helpers.py를 어느 폴더에서나 `import helpers`로 쓸 수 있게 등록합니다.
        [py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ROOT],
    ]
    for cmd in steps:
        if run(cmd) != 0:
            sys.exit("설치에 실패했습니다. 위의 pip 메시지를 확인하세요.")
    STAMP.write_text(install_fingerprint())
    print("설치를 마쳤습니다.")


def clean_env(extra=None) -> dict:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # 설정되어 있으면 노트북 안의 그림이 사라집니다.
    env["PATH"] = str(venv_python().parent) + os.pathsep + env.get("PATH", "")
    env.update(extra or {})
    return env


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
    return run(cmd + list(args), env=clean_env())


def test(args) -> int:
    """단위 테스트와 nbval(노트북의 기록된 출력 검증)을 pyproject.toml의 설정으로 실행합니다."""
    return run([venv_python(), "-m", "pytest", *args], env=clean_env(RECORD_ENV))


def record(args) -> int:
    """노트북을 새 커널에서 처음부터 끝까지 실행해 출력을 저장합니다(venv 안에서 실행)."""
    default = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    paths = [Path(a).resolve() for a in args] or default
    return run([venv_python(), Path(__file__).resolve(), "_record", *paths], env=clean_env(RECORD_ENV))


def clean_metadata(nb) -> None:
    """편집기·Colab이 남긴 메타데이터를 지웁니다. pre-commit의 nbstripout 훅이 남기는 것과 같게 맞춥니다.

    노트북에는 kernelspec과 language_info의 이름만, 셀에는 태그만 남깁니다(tests/test_hygiene.py가 검사).
    """
    from nbformat import from_dict

    nb.metadata = from_dict({"kernelspec": nb.metadata.get("kernelspec", {}), "language_info": {"name": "python"}})
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        cell.metadata = from_dict({"tags": tags} if tags else {})
        merge_streams(cell)


def merge_streams(cell) -> None:
    """커널이 한 번의 출력을 둘로 나눠 보내도 기록이 실행마다 같도록, 이어진 같은 스트림을 합칩니다."""
    merged = []
    for out in cell.get("outputs", []):
        prev = merged[-1] if merged else None
        if out.output_type == "stream" and prev is not None and prev.output_type == "stream" and prev.name == out.name:
            prev.text += out.text
        else:
            merged.append(out)
    if "outputs" in cell:
        cell.outputs = merged


def _record(paths) -> int:
    import nbformat
    from nbclient import NotebookClient

    for path in map(Path, paths):
        print(f"기록: {path.relative_to(ROOT)}", flush=True)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        clean_metadata(nb)
        nbformat.write(nb, path)
    return 0


def lint(args) -> int:
    """ruff로 helpers.py, course.py, tools/, tests/, 노트북을 검사합니다(requirements-dev.txt의 고정 버전)."""
    ruff = venv_python().parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if not ruff.is_file():
        cmd = [venv_python(), "-m", "pip", "install", "--quiet", "-r", "requirements-dev.txt", "-c", "requirements.txt"]
        if run(cmd) != 0:
            sys.exit("개발 도구를 설치하지 못했습니다. 위의 pip 메시지를 확인하세요.")
    paths = args or ["helpers.py", "course.py", "tools", "tests", "notebooks", "solutions"]
    paths = [p for p in paths if (ROOT / p).exists()]
    return run([ruff, "check", *paths]) or run([ruff, "format", "--check", *paths])


def bench(args) -> int:
    """노트북마다 실행 시간(바닥 노트북 대비 배율), 전체 테스트 시간, 설치 크기를 잽니다(tools/benchmark.py)."""
    return run([venv_python(), ROOT / "tools" / "benchmark.py", *args], env=clean_env(RECORD_ENV))


def main(argv) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "_record":
        return _record(args)
    if command in ("setup", "lab", "test", "record", "lint", "bench"):
        setup()
        if command == "setup":
            return 0
        return {"lab": lab, "test": test, "record": record, "lint": lint, "bench": bench}[command](args)
    if command in ("sync", "set-repo", "e2e"):  # 구현: tools/colab.py, tests/e2e/run.py
        setup()
        script = ROOT / "tests" / "e2e" / "run.py" if command == "e2e" else ROOT / "tools" / "colab.py"
        return run([venv_python(), script, *([] if command == "e2e" else [command]), *args], env=clean_env())
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
