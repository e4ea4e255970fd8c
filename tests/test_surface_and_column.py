"""00의 손실 곡면(helpers.loss_grid, helpers.plot_loss_surface)을 검사합니다.

loss_grid의 값은 몇 개의 (W, B)에서 helpers.mse로 직접 계산한 손실과 같아야 합니다.
09 칼럼(국소적 최적화 문제)의 숫자는 tests/agree/test_09_column_local_minima.py가 검사합니다.
"""

import matplotlib
import numpy as np
import pytest
import torch

import helpers

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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
