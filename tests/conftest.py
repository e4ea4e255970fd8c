"""테스트 공용 설정과 픽스처.

`pytest`만 실행해도(드리프트 검사처럼) `python3 course.py test`와 같은 결정적 환경에서 돌도록,
tools/notebooks.py의 설정을 여기서 환경 변수로 겁니다. nbval이 여는 커널도 이 환경을 물려받습니다.
"""

import functools
import os
import sys
from pathlib import Path

from tools.kernels import bare_venv
from tools.notebooks import DETERMINISTIC_ENV, deterministic_env

os.environ.update(deterministic_env(Path(sys.executable).parent))
assert all(os.environ[k] == v for k, v in DETERMINISTIC_ENV.items())

import numpy as np  # noqa: E402 - 스레드 설정(OMP_NUM_THREADS)을 건 뒤에 임포트합니다.
import pytest  # noqa: E402
import torch  # noqa: E402

import helpers  # noqa: E402

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


@functools.cache
def _notebook_namespace(stem):
    return run_notebook_code(NOTEBOOKS / f"{stem}.ipynb")


@pytest.fixture
def notebook():
    """notebook('05_training_loop') → 그 노트북을 실행한 네임스페이스(한 프로세스에서 한 번만 실행, 읽기만 하세요)."""
    return _notebook_namespace


@pytest.fixture
def data():
    """helpers.setup() 뒤의 (x, y, X, Y): 책의 데이터와 변환한 텐서."""
    helpers.setup()
    return helpers.prepare_data()


@pytest.fixture
def book_run(data):
    """05의 직접 수정 방식(helpers.train 기본값: lr 0.001, 500회)으로 학습한 (history, W, B)."""
    _, _, X, Y = data
    W, B = helpers.init_params()
    return helpers.train(X, Y, W, B), W, B


@pytest.fixture
def autograd_hessian():
    """(X, Y) → L(W, B) = mean((W X + B − Y)²)의 헤세 행렬(float64 autograd, 넘파이 배열). 독립된 기준입니다."""

    def hessian(X, Y, at=(1.0, 1.0)):
        Xd, Yd = X.double(), Y.double()

        def loss(W, B):
            return ((W * Xd + B - Yd) ** 2).mean()

        start = tuple(torch.tensor(v, dtype=torch.float64) for v in at)
        rows = torch.autograd.functional.hessian(loss, start)
        return np.array([[h.item() for h in row] for row in rows])

    return hessian


@pytest.fixture(scope="session")
def make_venv():
    """make_venv(폴더) → 코스가 없는 새 가상 환경(설치 시험과 Colab 흉내에 씀).

    tools/kernels.bare_venv: pip 없이 만들고 코스 환경의 패키지(torch 등)를 .pth로 빌려 씁니다(helpers와 코스
    배포판은 빼고). 돌려주는 사전: python, site, venv, jupyter(커널 colab-sim), fake_colab.
    """
    return bare_venv


@pytest.fixture
def descent64():
    """descent64(lr, num_epochs, centered=True) → 책의 데이터로 한 float64 넘파이 경사 하강법(독립된 기준).

    data/height_weight.csv를 넘파이로 직접 읽고(centered이면 평균을 뺌) W = B = 1에서 출발합니다. 행 k는 k번째 반복의
    [손실, W, B](k번째 수정 전), 마지막 행(num_epochs)은 모든 수정을 마친 뒤입니다. torch와 helpers를 쓰지 않습니다.
    """

    def descent(lr, num_epochs, centered=True):
        x, y = np.loadtxt(ROOT / "data" / "height_weight.csv", delimiter=",", skiprows=1, encoding="utf-8").T
        if centered:
            x, y = x - x.mean(), y - y.mean()
        W = B = 1.0
        rows = []
        for _ in range(num_epochs + 1):
            error = W * x + B - y
            rows.append((np.mean(error**2), W, B))
            W, B = W - lr * 2 * np.mean(error * x), B - lr * 2 * np.mean(error)
        return np.array(rows)

    return descent


@pytest.fixture
def descent32():
    """descent32(lr, num_epochs, order) → 가공한 책의 데이터로 한 float32 경사 하강법의 (마지막 반복의 손실, W, B).

    다섯 항의 합(경사와 손실)을 order의 순서로 더합니다. 파이토치가 더하는 순서는 CPU의 종류에 따라 다르므로, 순서를
    바꿔도 노트북이 출력한 자리가 그대로인지 보는 데 씁니다. torch와 helpers를 쓰지 않습니다.
    """

    def total(terms, order):
        result = np.float32(0)
        for i in order:
            result = np.float32(result + terms[i])
        return result

    def descent(lr, num_epochs, order):
        x, y = np.loadtxt(ROOT / "data" / "height_weight.csv", delimiter=",", skiprows=1, encoding="utf-8").T
        x, y = (x - x.mean()).astype(np.float32), (y - y.mean()).astype(np.float32)
        lr, n, W, B = np.float32(lr), np.float32(len(x)), np.float32(1), np.float32(1)
        for _ in range(num_epochs):
            error = W * x + B - y
            loss = total(error * error, order) / n  # 이 반복의 손실(수정 전): helpers.train의 기록과 같은 자리
            W, B = W - lr * total(2 * error * x / n, order), B - lr * total(2 * error / n, order)
        return loss, W, B

    return descent


@pytest.fixture
def recorded():
    """recorded('10_learning_rate') → (마크다운 셀의 글 전체, 코드 셀에 기록된 글 출력 전체)."""
    import nbformat

    def read(stem):
        nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        printed = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs)
        return prose, printed

    return read
