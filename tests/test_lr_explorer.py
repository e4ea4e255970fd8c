"""10의 학습률 탐색기(helpers.lr_figure, helpers.lr_explorer)와 그림 도우미(plot_history, plot_loss_contour)."""

import matplotlib
import numpy as np
import pytest

import helpers

matplotlib.use("Agg")


def titles(fig):
    return [ax.get_title() for ax in fig.axes]


def test_lr_figure_inside_the_bound(data):
    """제목의 "100회 뒤 손실"은 100번 수정한 뒤의 손실입니다(99번째 반복에서 잰 손실이 아님)."""
    _, _, X, Y = data
    fig = helpers.lr_figure(X, Y, 0.01, 100)
    curve, contour = titles(fig)
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, lr=0.01, num_epochs=100, record_every=1, track_params=True)
    after = ((W.item() * X.double() + B.item() - Y.double()) ** 2).mean().item()  # 100번 수정한 뒤(float64로 따로)
    assert curve == f"lr = 0.01: 100회 뒤 손실 {after:.4f}" == "lr = 0.01: 100회 뒤 손실 4.5566"
    assert f"{history[-1, 1]:.4f}" != f"{after:.4f}"  # 99번째 반복의 손실과는 다른 값입니다.
    assert contour == "안정 한계 2/λ_max = 0.0862의 안쪽"
    # 학습 곡선과 경로는 출발점(0번째)부터 100번 수정한 뒤까지 101개의 점
    np.testing.assert_array_equal(fig.axes[0].lines[0].get_ydata()[:100], history[:, 1])
    assert fig.axes[0].lines[0].get_ydata()[100] == pytest.approx(after, rel=1e-6)
    np.testing.assert_array_equal(fig.axes[1].lines[0].get_xdata(), [*history[:, 2], W.item()])
    assert fig.axes[0].get_yscale() == "linear"  # 13.35 → 4.56: 로그 눈금이 필요 없습니다.


def test_lr_figure_beyond_the_bound_before_inf(data):
    _, _, X, Y = data
    curve, contour = titles(helpers.lr_figure(X, Y, 0.1, 100))  # 154번째 반복에야 무한대가 됩니다.
    assert curve.startswith("lr = 0.1: 100회 뒤 손실 ") and curve.endswith("1.0e+25(커지는 중)")
    assert contour.endswith("바깥쪽")
    assert helpers.lr_figure(X, Y, 0.1, 100).axes[0].get_yscale() == "log"


def test_lr_figure_reports_divergence_in_korean(data):
    _, _, X, Y = data
    fig = helpers.lr_figure(X, Y, 0.5, 100)  # 안정 한계 0.0862 바깥: helpers.train이 DivergenceError를 냅니다.
    curve, contour = titles(fig)
    assert curve == "lr = 0.5: 19번째 반복에서 발산"
    assert contour == "안정 한계 2/λ_max = 0.0862의 바깥쪽"
    assert len(fig.axes[0].lines[0].get_xdata()) == 19  # 멈추기 직전까지의 기록


def test_lr_explorer_redraws_when_a_slider_moves(data, monkeypatch, capsys):
    """슬라이더 값을 바꾸면 그 값으로 lr_figure를 다시 부르고, 같은 자리(display_id)의 그림을 바꿉니다."""
    import ipywidgets
    from IPython.display import DisplayHandle
    from ipywidgets.widgets.widget import _instances

    _, _, X, Y = data
    calls, updates = [], []
    monkeypatch.setattr(helpers, "lr_figure", lambda X, Y, lr, num_epochs: calls.append((lr, num_epochs)) or "그림")
    monkeypatch.setattr(DisplayHandle, "update", lambda self, obj: updates.append((self.display_id, obj)))
    helpers.lr_explorer(X, Y, lr=0.01, num_epochs=100)
    out = capsys.readouterr().out
    assert "학습률 슬라이더" in out and "그림" in out  # IPython 밖에서는 글자로 보여 줍니다.
    assert calls == [(0.01, 100)]
    sliders = {
        w.description: w for w in _instances.values() if isinstance(w, ipywidgets.FloatLogSlider | ipywidgets.IntSlider)
    }
    sliders["학습률"].value = 0.05
    sliders["반복 횟수"].value = 200
    assert calls[1:] == [(pytest.approx(0.05), 100), (pytest.approx(0.05), 200)]
    assert len(updates) == 2 and len({display_id for display_id, _ in updates}) == 1
    labels = [w.value for w in _instances.values() if isinstance(w, ipywidgets.Label)]
    assert "안정 한계 0.0862 (이보다 크면 발산)" in labels


def test_plot_loss_contour_labels_every_other_level(data):
    import matplotlib.pyplot as plt

    _, _, X, Y = data
    fig, ax = plt.subplots()
    paths = [np.array([[1.0, 1.0], [1.5, 0.5]]), np.array([[1.0, 1.0], [2.0, 0.0]])]
    helpers.plot_loss_contour(X, Y, paths, ["가", "나"])
    contour = ax.collections[0]
    np.testing.assert_array_equal(contour.labelLevelList, contour.levels[1::2])  # 값은 하나 걸러 적습니다.
    first, second = ax.lines
    assert first.get_marker() != second.get_marker()  # 색 없이도 구별됩니다.
    assert first.get_linestyle() != second.get_linestyle()
    plt.close(fig)


def test_plot_history_uses_the_course_style(data):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    history = np.array([[0, 3.0], [10, 2.0]])
    helpers.plot_history(history, label="가")
    helpers.plot_history(history, label="나", marker="o")
    first, second = ax.lines
    assert first.get_color() == helpers.PALETTE["blue"] and second.get_color() == helpers.PALETTE["vermillion"]
    assert first.get_linestyle() != second.get_linestyle() and second.get_marker() == "o"
    plt.close(fig)


@pytest.mark.parametrize(("lr", "num_epochs"), [(0.00001, 5), (2.0, 1000), (0.0123, 105), (0.01, 100)])
def test_lr_explorer_keeps_the_values_it_was_given(data, monkeypatch, lr, num_epochs):
    """슬라이더의 범위(0.0001~1, 1~500)나 눈금 밖의 값이어도 바꾸지 않고, 범위를 넓혀 그 값 그대로 씁니다."""
    import ipywidgets
    from ipywidgets.widgets.widget import _instances

    _, _, X, Y = data
    calls = []
    monkeypatch.setattr(helpers, "lr_figure", lambda X, Y, lr, num_epochs: calls.append((lr, num_epochs)) or "그림")
    before = set(_instances)
    helpers.lr_explorer(X, Y, lr=lr, num_epochs=num_epochs)
    new = [w for key, w in _instances.items() if key not in before]
    (lr_slider,) = [w for w in new if isinstance(w, ipywidgets.FloatLogSlider)]
    (epochs_slider,) = [w for w in new if isinstance(w, ipywidgets.IntSlider)]
    assert calls == [(lr, num_epochs)]
    assert lr_slider.value == lr and epochs_slider.value == num_epochs
    assert lr_slider.min <= -4 and lr_slider.max >= 0 and epochs_slider.max >= 500  # 처음 범위는 그대로 포함


def test_lr_explorer_refuses_too_many_epochs_in_korean(data):
    _, _, X, Y = data
    with pytest.raises(ValueError, match="슬라이더로 보기에 너무 큽니다.*helpers.train"):
        helpers.lr_explorer(X, Y, num_epochs=5001)
