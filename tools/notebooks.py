"""노트북을 실행하고 기록하는 하나뿐인 곳: 결정적 실행 환경, 실행, 메타데이터 정리, 스트림 합치기.

    .venv/bin/python -m tools.notebooks record 노트북.ipynb …   # 보통은 `python3 course.py record`로 부릅니다

course.py(설치·실행 도구), tools/colab.py(배지와 준비 셀), tools/benchmark.py(실행 시간)와 테스트(conftest.py)가
모두 여기의 설정과 함수를 씁니다. 이 모듈은 어느 것도 되불러 오지 않습니다. 맨 위에서는 표준 라이브러리만
임포트하므로, 코스 환경 밖의 파이썬(course.py)도 DETERMINISTIC_ENV를 읽을 수 있습니다.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tools import project

# 기록과 테스트를 어느 컴퓨터에서나 같은 결과로 만드는 설정:
# 그래프는 언제나 graphviz-pure로, 계산은 스레드 1개로, 해시 순서는 고정.
DETERMINISTIC_ENV = {
    "COURSE_GRAPHVIZ": "pure",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def deterministic_env(bin_dir=None, base=None) -> dict:
    """커널과 테스트에 줄 환경 변수: 결정적 설정을 더하고, 그림을 없애는 MPLBACKEND를 지우고,
    bin_dir(가상 환경의 bin/)을 PATH 맨 앞에 둡니다."""
    env = dict(os.environ if base is None else base)
    env.pop("MPLBACKEND", None)  # 설정되어 있으면 노트북 안의 그림이 사라집니다.
    if bin_dir is not None:
        env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    env.update(DETERMINISTIC_ENV)
    return env


def execute(nb, workdir, timeout=600):
    """노트북(nbformat 객체)을 새 커널에서 처음부터 끝까지 실행합니다. 커널은 결정적 환경에서 시작합니다."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env=deterministic_env(Path(sys.executable).parent))
    return nb


def clean_metadata(nb) -> None:
    """편집기·Colab이 남긴 메타데이터를 지웁니다. pre-commit의 nbstripout 훅이 남기는 것과 같게 맞춥니다.

    노트북에는 kernelspec과 language_info의 이름만, 셀에는 태그와 접어 두기 표시만 남깁니다
    (tests/test_hygiene.py가 검사). 출력은 이어진 스트림을 합치고 위젯 화면은 글로 남깁니다.
    """
    from nbformat import from_dict

    # language_info는 이름(python)만: 버전 등은 실행한 파이썬마다 달라 기록을 흔듭니다.
    kept = project.kept(nb.metadata, project.KEPT_NOTEBOOK_METADATA)
    nb.metadata = from_dict({**kept, "language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.metadata = from_dict(project.kept(cell.metadata, project.KEPT_CELL_METADATA))
        merge_streams(cell)
        drop_widget_views(cell)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(cell) -> None:
    """위젯 화면 출력은 글(text/plain) 대신 보여 줄 것만 남깁니다.

    위젯의 상태는 기록하지 않으므로, 저장된 위젯 화면은 어디서 열어도 그릴 모델이 없고(실행할 때마다 바뀌는
    model_id만 남음) 기록을 되풀이할 때마다 파일을 바꿉니다. 노트북을 실행하면 위젯은 다시 나타납니다.
    """
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if WIDGET_VIEW in data and "text/plain" in data:
            del data[WIDGET_VIEW]


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


def record(paths) -> int:
    """노트북마다 새 커널에서 처음부터 끝까지 실행해 출력을 저장합니다. 없는 파일이면 한국어로 알리고 멈춥니다."""
    import nbformat

    paths = [Path(p).resolve() for p in paths] or project.notebook_paths()
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            print(f"기록할 노트북이 아닙니다: {path}. 있는 .ipynb 파일의 경로를 주세요.", file=sys.stderr)
            return 2
    for path in paths:
        print(f"기록: {project.relpath(path)}", flush=True)
        nb = nbformat.read(path, as_version=4)
        execute(nb, path.parent)
        clean_metadata(nb)
        nbformat.write(nb, path)
    return 0


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python -m tools.notebooks", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="노트북을 새 커널에서 실행해 출력을 저장합니다")
    recording.add_argument("paths", nargs="*", type=Path, help="노트북(없으면 notebooks/와 solutions/ 전부)")
    args = parser.parse_args(argv)
    return record(args.paths)


if __name__ == "__main__":
    sys.exit(main())
