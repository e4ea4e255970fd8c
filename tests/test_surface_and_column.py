"""00의 손실 곡면(helpers.loss_grid, helpers.plot_loss_surface)과 09 칼럼(국소 최적해)의 숫자를 검사합니다.

- loss_grid의 값은 몇 개의 (W, B)에서 helpers.mse로 직접 계산한 손실과 같아야 합니다.
- 09 칼럼 노트북에 기록된 바닥(극소)과 경사 하강법의 도착점은, 이 테스트가 따로 구한 f'(x) = 0의 해
  (넘파이 np.roots)와 맞아야 합니다. 노트북을 고쳐 다른 숫자가 기록되면 실패합니다.
"""

import re
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
import torch

import helpers

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COLUMN = ROOT / "notebooks" / "09_column_local_minima.ipynb"
COLUMN_SOLUTIONS = ROOT / "solutions" / "09_solutions.ipynb"


# ------------------------------------------------------------------ 00: 손실 곡면


@pytest.mark.parametrize(("w", "b"), [(1.0, 1.0), (1.820683, 0.3675114), (-1.0, 3.0), (3.5, -2.0), (0.0, 0.0)])
def test_loss_grid_matches_mse_at_points(data, w, b):
    _, _, X, Y = data
    grid = helpers.loss_grid(X, Y, [w], [b])
    W, B = torch.tensor(w, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    direct = helpers.mse(helpers.pred(X.double(), W, B), Y.double()).item()
    assert grid.shape == (1, 1)
    assert grid[0, 0] == pytest.approx(direct, rel=1e-12)


def test_loss_grid_is_laid_out_like_meshgrid(data):
    """[i, j]는 W = W_values[j], B = B_values[i]. 두 축을 바꿔 쓰면 이 테스트가 실패합니다."""
    _, _, X, Y = data
    W_values, B_values = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 1.0])
    grid = helpers.loss_grid(X, Y, W_values, B_values)
    assert grid.shape == (2, 3)
    for i, b in enumerate(B_values):
        for j, w in enumerate(W_values):
            assert grid[i, j] == pytest.approx(helpers.loss_grid(X, Y, [w], [b])[0, 0])
    assert grid[1, 0] == pytest.approx(((0.0 * X.double() + 1.0 - Y.double()) ** 2).mean().item())


def test_book_initial_loss_on_the_grid(data):
    _, _, X, Y = data
    assert f"{helpers.loss_grid(X, Y, [1.0], [1.0])[0, 0]:.4f}" == "13.3520"


def test_plot_loss_surface_puts_the_path_on_the_surface(data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, num_epochs=50, record_every=10, track_params=True)
    fig = plt.figure()
    try:
        ax = helpers.plot_loss_surface(X, Y, paths=[history[:, 2:]], labels=["책"], ax=fig.add_subplot(projection="3d"))
        (line,) = ax.get_lines()
        xs, ys, zs = line.get_data_3d()
        np.testing.assert_allclose(xs, history[:, 2])
        np.testing.assert_allclose(ys, history[:, 3])
        # 경로의 높이는 그 점의 손실이고, 기록된 손실(그 반복에서 쓴 W, B의 손실)과 같습니다.
        np.testing.assert_allclose(zs, history[:, 1], rtol=1e-5)
        assert ax.get_zlabel() == "손실"
    finally:
        plt.close(fig)


# ------------------------------------------------------------------ 12: 국소 최적해


def f_prime_roots():
    """f(x) = x(x+1)(x+2)(x-2) = x⁴ + x³ - 4x² - 4x의 f'(x) = 4x³ + 3x² - 8x - 4 = 0의 해와 f''의 부호."""
    roots = np.sort(np.roots([4.0, 3.0, -8.0, -4.0]).real)
    second = 12 * roots**2 + 6 * roots - 8
    return roots, second


def f(x):
    return x * (x + 1) * (x + 2) * (x - 2)


def recorded_stdout(path):
    nb = nbformat.read(path, as_version=4)
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def test_f_has_two_minima_and_one_maximum():
    roots, second = f_prime_roots()
    assert list(second > 0) == [True, False, True]
    left, right = roots[0], roots[2]
    assert f(right) < f(left), "오른쪽 바닥이 전역 최적해여야 칼럼의 설명이 맞습니다."


def test_column_records_the_critical_points():
    roots, second = f_prime_roots()
    out = recorded_stdout(COLUMN)
    for root, curvature in zip(roots, second, strict=True):
        kind = "바닥(극소)" if curvature > 0 else "꼭대기(극대)"
        line = re.search(rf"x = +{root:.4f} +f\(x\) = +{f(root):.4f} .*{re.escape(kind)}", out)
        assert line, f"12 노트북에 x = {root:.4f}({kind})가 기록되어 있지 않습니다."


def test_column_descent_ends_in_the_two_different_minima():
    roots, _ = f_prime_roots()
    out = recorded_stdout(COLUMN)
    ends = {float(start): float(end) for start, end in re.findall(r"출발 x = +(-?[\d.]+) → 도착 x = (-?[\d.]+)", out)}
    assert set(ends) == {-1.0, 0.0}
    assert ends[-1.0] == pytest.approx(roots[0], abs=1e-4)
    assert ends[0.0] == pytest.approx(roots[2], abs=1e-4)


def test_column_chapter_loss_reaches_one_minimum_from_every_start():
    """12 노트북의 네 출발점이 모두 정규 방정식의 답(W* = cov/var, B* = 0)에 닿았다고 기록되어 있습니다."""
    x, y, X, Y = helpers.prepare_data()
    W_star = float((X.double() * Y.double()).mean() / (X.double() ** 2).mean())
    out = recorded_stdout(COLUMN)
    finals = re.findall(r"→ W = (-?[\d.]+), B = (-?[\d.]+), 손실 = ([\d.]+)", out)
    assert len(finals) == 4
    for w, b, _ in finals:
        assert float(w) == pytest.approx(W_star, abs=1e-4)
        assert float(b) == pytest.approx(0.0, abs=1e-4)


def test_column_solution_counts_starts_right_of_the_hilltop():
    """09-3의 답(전역 최적해에 닿는 출발점 수)은 꼭대기보다 오른쪽인 출발점 수와 같습니다."""
    roots, _ = f_prime_roots()
    starts = np.linspace(-3, 3, 13)
    out = recorded_stdout(COLUMN_SOLUTIONS)
    ends = re.findall(r"출발 x = +(-?[\d.]+) → 도착 x = (-?[\d.]+)", out)
    assert len(ends) == len(starts)
    for start, end in ends:
        expected = roots[2] if float(start) > roots[1] else roots[0]
        assert float(end) == pytest.approx(expected, abs=1e-3), f"출발 {start}"
