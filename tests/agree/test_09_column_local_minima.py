"""09 칼럼 「국소적 최적화 문제」: 노트북이 구한 숫자를 독립된 기준과 맞춰 봅니다.

- 바닥과 꼭대기: f'(x) = 4x³ + 3x² − 8x − 4 = 0의 해를 이 테스트가 np.roots로 따로 구합니다(노트북은 np.poly1d).
- 경사 하강법의 도착점: 그 해와 맞아야 하고, 어느 바닥에 닿는지는 출발점이 꼭대기의 어느 쪽인지로 정해집니다.
- 헤세 행렬: 이 장의 손실은 2·[[mean(X²), mean(X)], [mean(X), 1]](float64 넘파이), 고윳값은 np.linalg.eigvalsh.
- 글이 말하는 식: 방향 (u, v)의 곡률 dᵀHd = 2·mean((uX + v)²) ≥ 0, W² − B²의 안장점, 신장이 같으면 고윳값 0.
"""

import re

import nbformat
import numpy as np
import pytest
import torch

import helpers
from tools import project

COLUMN_SOLUTIONS = project.ROOT / "solutions" / "09_solutions.ipynb"


def f(x):
    return x * (x + 1) * (x + 2) * (x - 2)


def critical_points():
    """f'(x) = 0의 해(작은 것부터)와 그 점의 f''(x)."""
    roots = np.sort(np.roots([4.0, 3.0, -8.0, -4.0]).real)
    return roots, 12 * roots**2 + 6 * roots - 8


def recorded_stdout(path):
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def chapter_hessian(X):
    X = X.double().numpy()
    return 2 * np.array([[np.mean(X**2), np.mean(X)], [np.mean(X), 1.0]])


def test_expansion_and_derivatives():
    """노트북의 계수(x⁴ + x³ − 4x² − 4x)와 도함수가 곱을 직접 전개한 값과 같습니다."""
    xs = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(xs**4 + xs**3 - 4 * xs**2 - 4 * xs, f(xs), atol=1e-12)


def test_critical_points_match_np_roots(notebook):
    ns = notebook("09_column_local_minima")
    roots, second = critical_points()
    np.testing.assert_allclose(ns["critical"], roots, atol=1e-10)
    assert list(second > 0) == [True, False, True]  # 바닥, 꼭대기, 바닥
    np.testing.assert_allclose(ns["d2f"](ns["critical"]), second, atol=1e-9)
    assert f(roots[2]) < f(roots[0]), "오른쪽 바닥이 전역 최적해여야 칼럼의 설명이 맞습니다."
    assert [f"{r:.4f}" for r in roots] == ["-1.6073", "-0.4691", "1.3263"]


def test_descent_ends_in_the_minimum_on_its_side_of_the_hilltop(notebook):
    ns = notebook("09_column_local_minima")
    roots, _ = critical_points()
    assert set(ns["paths"]) == {-1.0, 0.0}
    assert ns["paths"][-1.0][-1] == pytest.approx(roots[0], abs=1e-4)  # 꼭대기의 왼쪽 → 국소 최적해
    assert ns["paths"][0.0][-1] == pytest.approx(roots[2], abs=1e-4)  # 꼭대기의 오른쪽 → 전역 최적해
    assert abs(ns["paths"][-1.0][0] - ns["paths"][0.0][0]) == 1.0


def test_chapter_hessian_is_the_same_everywhere(notebook, data):
    ns = notebook("09_column_local_minima")
    _, _, X, Y = data
    expected = chapter_hessian(X)
    for point in ([1.0, 1.0], [1.8207, 0.0], [-3.0, 5.0]):
        H = torch.autograd.functional.hessian(ns["L"], torch.tensor(point, dtype=torch.float64)).numpy()
        np.testing.assert_allclose(H, expected, atol=1e-12)
    assert np.linalg.eigvalsh(expected) == pytest.approx([2.0, 23.2])


def test_eigen_primer(notebook):
    ns = notebook("09_column_local_minima")
    H = np.diag([23.2, 2.0])
    values, vectors = np.linalg.eigh(H)
    np.testing.assert_allclose(ns["eigenvalues"].numpy(), values)
    np.testing.assert_allclose(np.abs(ns["eigenvectors"].numpy()), np.abs(vectors))
    d = np.array([1.0, 1.0]) / np.sqrt(2)
    assert (ns["d"] @ ns["H_demo"] @ ns["d"]).item() == pytest.approx(d @ H @ d) == pytest.approx(12.6)
    assert values.min() <= d @ H @ d <= values.max()


def test_saddle_and_equal_heights(notebook):
    ns = notebook("09_column_local_minima")
    np.testing.assert_allclose(ns["H_saddle"].numpy(), [[2.0, 0.0], [0.0, -2.0]])
    assert torch.linalg.eigvalsh(ns["H_saddle"]).tolist() == [-2.0, 2.0]
    np.testing.assert_allclose(ns["H_same"].numpy(), chapter_hessian(torch.zeros(5)))
    assert np.linalg.eigvalsh(ns["H_same"].numpy()).tolist() == [0.0, 2.0]


@pytest.mark.parametrize("seed", range(5))
def test_curvature_along_any_direction_is_a_mean_of_squares(data, seed):
    """글의 식 dᵀHd = (2/N)·Σ(uXᵢ + v)²: 아무 방향이나 골라 헤세 행렬의 값과 맞춰 봅니다."""
    _, _, X, _ = data
    u, v = np.random.default_rng(seed).normal(size=2)
    direction = np.array([u, v])
    Xn = X.double().numpy()
    assert direction @ chapter_hessian(X) @ direction == pytest.approx(2 * np.mean((u * Xn + v) ** 2), rel=1e-12)


def test_every_start_reaches_the_one_minimum(data):
    """노트북의 네 출발점이 모두 정규 방정식의 답(W* = mean(XY)/mean(X²), B* = 0)에 닿았다고 기록되어 있습니다."""
    _, _, X, Y = data
    W_star = float((X.double() * Y.double()).mean() / (X.double() ** 2).mean())
    out = recorded_stdout(project.ROOT / "notebooks" / "09_column_local_minima.ipynb")
    finals = re.findall(r"→ W = (-?[\d.]+), B = (-?[\d.]+), 손실 = ([\d.]+)", out)
    assert len(finals) == 4
    for w, b, loss in finals:
        assert float(w) == pytest.approx(W_star, abs=1e-4)
        assert float(b) == pytest.approx(0.0, abs=1e-4)
        assert float(loss) == pytest.approx(4.5390, abs=1e-4)


def test_solution_counts_starts_right_of_the_hilltop():
    """09-3의 답(전역 최적해에 닿는 출발점 수)은 꼭대기보다 오른쪽인 출발점의 수와 같습니다."""
    roots, _ = critical_points()
    starts = np.linspace(-3, 3, 13)
    out = recorded_stdout(COLUMN_SOLUTIONS)
    ends = re.findall(r"출발 x = +(-?[\d.]+) → 도착 x = (-?[\d.]+)", out)
    assert len(ends) == len(starts)
    for start, end in ends:
        expected = roots[2] if float(start) > roots[1] else roots[0]
        assert float(end) == pytest.approx(expected, abs=1e-3), f"출발 {start}"
    assert helpers.check("09-3", int(np.sum(starts > roots[1]))) is True
