"""테스트 공용 도구."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run_notebook_code(path):
    """노트북의 코드 셀을 위에서 아래로 한 네임스페이스에서 실행하고 그 네임스페이스를 돌려줍니다.

    노트북이 직접 적은 단계(pred, mse, history …)를 helpers의 것과 비교할 때 씁니다.
    매직(%…)과 셸 명령(!…) 줄은 건너뛰고, 그림은 화면 대신 Agg로 그린 뒤 닫습니다.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    nb = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__main__", "display": lambda *objs, **kw: None}
    old_show, old_cwd = plt.show, os.getcwd()
    plt.show = lambda *a, **kw: plt.close("all")
    os.chdir(path.parent)
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
            code = compile("\n".join(lines), f"{path.name}[셀 {i}]", "exec")
            exec(code, namespace)  # noqa: S102 - 저장소 안의 노트북만 실행합니다.
    finally:
        plt.show = old_show
        plt.close("all")
        os.chdir(old_cwd)
    return namespace


@pytest.fixture
def run_notebook():
    """run_notebook('05_training_loop') → 그 노트북을 실행한 네임스페이스."""

    def _run(stem):
        return run_notebook_code(NOTEBOOKS / f"{stem}.ipynb")

    return _run
