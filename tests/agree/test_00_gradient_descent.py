"""00 경사 하강법 이해하기: 노트북의 숫자를 독립된 기준(float64 식, 분수로 한 정확한 계산)과 맞춰 봅니다.

- W를 조금씩 바꿔 구한 경사는 autograd의 W.grad(-19.04)와, 바닥 W = 42.24 / 23.2는 최소 제곱 기울기와 같습니다.
- 두 학습률의 길 사이 거리는 X, Y의 평균이 0이라 W와 B가 따로 움직이는 닫힌 식으로 다시 계산합니다.
- 책 3.4의 예제(L(u, v), (4, 4)에서 α = 0.05로 21번)는 분수(Fraction)로 정확히 반복하고,
  바닥은 크라메르 공식으로 풉니다.
"""

import itertools
import json
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest

import helpers

ROOT = Path(__file__).resolve().parents[2]


def least_squares(x, y):
    """float64로 구한 최소 제곱 직선의 기울기와 손실(가공 후 좌표의 W*)."""
    X, Y = x - x.mean(), y - y.mean()
    slope = np.mean(X * Y) / np.mean(X**2)
    return slope, np.mean((slope * X - Y) ** 2)


def closed_form_path(x, y, lr, steps, w0=1.0, b0=1.0):
    """X, Y의 평균이 0이면 W − W*는 매번 (1 − lr·2·mean(X²))배, B는 (1 − 2·lr)배가 됩니다(float64)."""
    X = x - x.mean()
    slope, _ = least_squares(x, y)
    k = np.arange(steps + 1)
    W = slope + (w0 - slope) * (1 - lr * 2 * np.mean(X**2)) ** k
    return W, b0 * (1 - 2 * lr) ** k


def book_L(u, v):
    return 3 * u**2 + 3 * v**2 - u * v + 7 * u - 7 * v + 10


def book_path(alpha, steps=21):
    """책 3.4의 경사 하강법을 분수로 정확히: (u, v) ← (u, v) − α·(6u − v + 7, 6v − u − 7)."""
    u, v = Fraction(4), Fraction(4)
    path = [(u, v)]
    for _ in range(steps):
        u, v = u - alpha * (6 * u - v + 7), v - alpha * (6 * v - u - 7)
        path.append((u, v))
    return path


def test_slope_and_path(notebook, data):
    ns = notebook("00_gradient_descent")
    _, _, X, Y = data
    # 노트북이 W를 조금씩 바꿔 구한 경사는 autograd의 W.grad(-19.04)와 같습니다.
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    assert ns["grad_at"](1.0) == pytest.approx(W.grad.item(), abs=1e-3)
    assert ns["loss_at"](1.0) == helpers.mse(helpers.pred(X, W.detach(), B.detach()), Y).item()
    # 등고선 위의 길은 helpers.train 그대로이고, 책의 최종 값에 도착합니다.
    W, B = helpers.init_params()
    expected = helpers.train(X, Y, W, B, lr=0.001, record_every=1, track_params=True)
    np.testing.assert_array_equal(ns["history"], expected)
    assert str(ns["W2"].data.numpy()) == "1.8206896"  # lr 0.01 경로의 마지막 W
    assert str(W.data.numpy()) == "1.820683" and str(B.data.numpy()) == "0.3675114"


def test_exact_bottom_is_the_least_squares_slope(notebook, data):
    ns = notebook("00_gradient_descent")
    x, y, _, _ = data
    X, Y = x - x.mean(), y - y.mean()
    slope, _ = least_squares(x, y)
    assert f"{slope:.4f}" == f"{ns['W_bottom']:.4f}" == "1.8207"
    assert ns["W_bottom"] == pytest.approx(slope, abs=1e-5)
    # 경사는 W가 1 늘 때마다 2·mean(X²) = 23.2씩 늘고, W = 0에서 −2·mean(XY) = −42.24입니다(B와 상관없이).
    assert f"{ns['per_step']:.2f}" == f"{2 * np.mean(X**2):.2f}" == "23.20"
    assert f"{ns['grad_at'](0.0):.2f}" == f"{-2 * np.mean(X * Y):.2f}" == "-42.24"
    assert ns["w_values"][np.argmin(ns["losses"])] == pytest.approx(1.80)  # 0.05 간격 격자의 가장 낮은 점
    # 한 번 수정한 W = 1 − 0.001 × (−19.04)
    assert f"{1.0 - ns['lr'] * ns['grad_at'](1.0):.5f}" == f"{1 + 0.001 * 19.04:.5f}" == "1.01904"


def test_two_learning_rates_are_close_but_not_on_one_curve(notebook, data):
    ns = notebook("00_gradient_descent")
    x, y, _, _ = data
    W1, B1 = closed_form_path(x, y, 0.001, 500)
    W2, B2 = closed_form_path(x, y, 0.01, 50)
    gap = np.hypot(W2[:50] - W1[:500:10], B2[:50] - B1[:500:10])
    assert f"{ns['gap'].max():.4f}" == f"{gap.max():.4f}" == "0.0354"
    assert ns["gap"].argmax() == gap.argmax() == 4
    assert f"{B2[50]:.4f}" == "0.3642" and f"{B1[500]:.4f}" == "0.3675"


def test_book_section_3_4_demo(notebook):
    ns = notebook("00_gradient_descent")
    exact = book_path(Fraction(1, 20))
    path = ns["path"]
    assert path.shape == (22, 2)  # 출발점과 21번 수정한 뒤의 점들
    np.testing.assert_allclose(path, [[float(u), float(v)] for u, v in exact], rtol=0, atol=1e-12)
    u21, v21 = exact[21]
    assert (f"{float(u21):.4f}", f"{float(v21):.4f}") == ("-0.9904", "1.0094")
    assert f"{float(book_L(u21, v21)):.4f}" == "3.0005" and book_L(*exact[0]) == 90
    # 바닥: 6u − v = −7, −u + 6v = 7을 크라메르 공식으로(분수)
    det = Fraction(6 * 6 - 1)
    u_min, v_min = Fraction(-7 * 6 - (-1) * 7) / det, Fraction(6 * 7 - (-1) * (-7)) / det
    assert (u_min, v_min, book_L(u_min, v_min)) == (-1, 1, 3)
    np.testing.assert_allclose(ns["uv_min"], [-1.0, 1.0], atol=1e-12)
    assert ns["L"](*ns["uv_min"]) == pytest.approx(3.0, abs=1e-12)


def test_exercise_keys(data):
    x, y, X, Y = data
    keys = json.loads((ROOT / "data" / "exercises" / "00.json").read_text(encoding="utf-8"))
    Xc, Yc = x - x.mean(), y - y.mean()
    grad_at_2 = 2 * np.mean((2.0 * Xc + 1.0 - Yc) * Xc)  # B = 1.0에서 W = 2.0의 경사(float64)
    assert keys["00-1"]["answer"] == pytest.approx(grad_at_2, abs=1e-4)
    assert keys["00-2"]["answer"] == pytest.approx(2.0 - 0.001 * grad_at_2, abs=1e-6)
    u, v = book_path(Fraction(3, 10))[21]
    assert keys["00-4"]["answer"] == pytest.approx(float(book_L(u, v)), abs=1e-4)
    assert float(book_L(u, v)) > 90  # 학습률 0.3은 발산합니다: 출발점보다 높습니다.


def test_3d_figures_are_wide_enough():
    """3D 그림(책 3.4의 예제, 이 장의 손실 곡면)은 600 px 이상의 폭으로 기록됩니다."""
    import base64
    import struct

    nb = nbformat.read(ROOT / "notebooks" / "00_gradient_descent.ipynb", as_version=4)
    widths = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ("plot_surface(" in cell.source or "plot_loss_surface(" in cell.source):
            png = next(o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {}))
            widths.append(struct.unpack(">I", base64.b64decode(png)[16:20])[0])
    assert len(widths) == 2 and min(widths) >= 600, widths


def test_plot_surface_draws_the_path_at_its_height_and_the_minimum():
    import matplotlib.pyplot as plt

    path = np.array([[float(u), float(v)] for u, v in book_path(Fraction(1, 20))[:11]])
    ax = helpers.plot_surface(book_L, (-5, 5), (-5, 5), paths=[path], labels=["길"], minimum=(-1, 1), zlim=(0, 250))
    try:
        (line,) = ax.get_lines()
        xs, ys, zs = line.get_data_3d()
        np.testing.assert_allclose(zs, book_L(path[:, 0], path[:, 1]))
        (star,) = ax.collections[-1:]
        assert star.get_label() == "최소점 (-1, 1)"
        assert ax.get_zlim() == (0, 250)
    finally:
        plt.close("all")
    with pytest.raises(TypeError, match="함수여야"):
        helpers.plot_surface("L", (-5, 5), (-5, 5))
    with pytest.raises(ValueError, match="두 수"):
        helpers.plot_surface(book_L, (5, -5), (-5, 5))


def test_lr_001_b_is_printed_in_digits_that_do_not_depend_on_the_summation_order(descent32, recorded):
    """학습률 0.01로 500회 뒤의 B는 0에 아주 가까워, float32의 유효 숫자(4.10…e-05)는 다섯 항을 더하는 순서(CPU의
    종류마다 다름)에 따라 달라집니다. 노트북이 출력하는 소수 여섯째 자리까지는 어느 순서에서나 같습니다."""
    runs = [descent32(0.01, 500, order) for order in list(itertools.permutations(range(5)))[::7]]
    assert len({repr(B) for _, _, B in runs}) > 1
    assert {float(W) for _, W, _ in runs} == {float(np.float32("1.8206896"))}  # W는 순서와 상관없이 같은 float32
    assert {f"{B:.6f}" for _, _, B in runs} == {"0.000041"}
    assert "W =  1.8206896\nB =  0.000041\n" in recorded("00_gradient_descent")[1]
