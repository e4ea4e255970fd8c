"""잘못된 입력은 무엇이 문제이고 어떻게 고치는지 한국어로 알려 주는 오류가 되어야 합니다."""

import math

import numpy as np
import pytest
import torch

import helpers


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "신장(cm),체중(kg)\n"


@pytest.mark.parametrize(
    "text, words",
    [
        (HEADER + "166,58.7,1\n176,75.7,2\n", ["2번째 줄", "열이 3개", "두 열"]),
        (HEADER + "166\n176\n", ["열이 1개"]),
        (HEADER + "166,58.7\n176,무거움\n", ["3번째 줄 2번째 열", "'무거움'", "숫자가 아닙니다"]),
        (HEADER + "166,nan\n176,75.7\n", ["NaN이나 무한대"]),
        (HEADER + "166,58.7\ninf,75.7\n", ["NaN이나 무한대"]),
        (HEADER + "166,58.7\n", ["샘플이 1개", "두 개 이상"]),
        (HEADER, ["데이터가 없습니다"]),
        (HEADER + "170,58.7\n170,75.7\n170,62.1\n", ["x 값이 모두 같습니다"]),
    ],
)
def test_bad_csv(tmp_path, text, words):
    with pytest.raises(ValueError) as info:
        helpers.load_data(write(tmp_path, text))
    for word in words:
        assert word in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="찾을 수 없습니다.*경로를 확인"):
        helpers.load_data(tmp_path / "없는파일.csv")


def test_unreadable_file(tmp_path):
    path = write(tmp_path, HEADER + "166,58.7\n", encoding="utf-16")
    with pytest.raises(ValueError, match="읽을 수 없습니다.*UTF-8"):
        helpers.load_data(path)
    with pytest.raises(ValueError, match="폴더입니다"):
        helpers.load_data(tmp_path)  # 폴더는 데이터 파일이 아닙니다.


def test_good_csv_with_bom_and_blank_lines(tmp_path):
    path = write(tmp_path, "\ufeff" + HEADER + "166,58.7\n\n176,75.7\n")
    np.testing.assert_array_equal(helpers.load_data(path), [[166, 58.7], [176, 75.7]])


@pytest.mark.parametrize(
    "x, y, error, words",
    [
        ([1, 2, 3], [1, 2], ValueError, ["x는 3개, y는 2개"]),
        ([1.0], [2.0], ValueError, ["샘플이 1개"]),
        ([5, 5, 5], [1, 2, 3], ValueError, ["x 값이 모두 같습니다"]),
        ([1, math.nan], [1, 2], ValueError, ["x에 NaN"]),
        ([1, 2], [1, math.inf], ValueError, ["y에 NaN이나 무한대"]),
        ([[1, 2]], [1, 2], ValueError, ["1차원"]),
        (["a", "b"], [1, 2], TypeError, ["숫자 배열"]),
        (None, [1, 2], TypeError, ["숫자 배열"]),
    ],
)
def test_bad_xy(x, y, error, words):
    with pytest.raises(error) as info:
        helpers.check_xy(x, y)
    for word in words:
        assert word in str(info.value)


def test_mse_refuses_different_lengths():
    with pytest.raises(ValueError, match="모양.*샘플 수"):
        helpers.mse(torch.zeros(5), torch.zeros(4))


@pytest.fixture
def tensors():
    helpers.setup()
    _, _, X, Y = helpers.prepare_data()
    W, B = helpers.init_params()
    return X, Y, W, B


@pytest.mark.parametrize("lr", [0, -0.001, math.nan, math.inf, -math.inf])
def test_bad_learning_rate_value(tensors, lr):
    with pytest.raises(ValueError, match="0보다 큰 유한한 값"):
        helpers.train(*tensors, lr=lr)


@pytest.mark.parametrize("lr", ["0.001", True, [0.001]])
def test_bad_learning_rate_type(tensors, lr):
    with pytest.raises(TypeError, match="학습률 lr은 숫자"):
        helpers.train(*tensors, lr=lr)


def test_update_params_checks_lr_and_grad(tensors):
    X, Y, W, B = tensors
    with pytest.raises(ValueError, match="backward"):
        helpers.update_params((W, B), 0.001)
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    with pytest.raises(ValueError, match="0보다 큰"):
        helpers.update_params((W, B), -1.0)
    assert W.item() == 1.0  # 거절된 수정은 아무것도 바꾸지 않습니다.


@pytest.mark.parametrize("num_epochs, error", [(0, ValueError), (-5, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_epoch_count(tensors, num_epochs, error):
    with pytest.raises(error, match="num_epochs"):
        helpers.train(*tensors, num_epochs=num_epochs)


@pytest.mark.parametrize("record_every, error", [(0, ValueError), (-1, ValueError), (0.5, TypeError)])
def test_bad_record_interval(tensors, record_every, error):
    with pytest.raises(error, match="record_every"):
        helpers.train(*tensors, record_every=record_every)


def test_lr_given_twice_with_optimizer(tensors):
    X, Y, W, B = tensors
    with pytest.raises(ValueError, match="optimizer를 만들 때"):
        helpers.train(X, Y, W, B, lr=0.01, optimizer=torch.optim.SGD([W, B], lr=0.001))


def test_train_needs_tensors(tensors):
    X, Y, W, B = tensors
    with pytest.raises(TypeError, match="텐서"):
        helpers.train(X.numpy(), Y, W, B)


def test_divergence_stops_at_that_epoch(tensors, capsys):
    X, Y, W, B = tensors
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, lr=1.0, num_epochs=500, verbose=True)
    err = info.value
    assert isinstance(err, ValueError)
    assert "학습률(lr=1)이 이 데이터의 안정 한계 2/λ_max = 0.0862보다 큽니다" in str(err)
    assert "예: lr = 0.07" in str(err) and err.suggestion == 0.07 and err.limit == pytest.approx(2 / 23.2)
    assert f"{err.epoch}번째 반복" in str(err)
    assert 0 < err.epoch < 500
    # 멈추기 전까지의 기록은 모두 유한하고, nan은 한 번도 출력되지 않습니다.
    assert np.all(np.isfinite(err.history))
    np.testing.assert_array_equal(err.history[:, 0], np.arange(0, err.epoch, 10))
    assert "nan" not in capsys.readouterr().out
    # 멈춘 반복 바로 앞까지는 손실이 유한했습니다.
    W2, B2 = helpers.init_params()
    helpers.train(X, Y, W2, B2, lr=1.0, num_epochs=err.epoch)


def test_bad_graphviz_choice(monkeypatch):
    monkeypatch.setenv("COURSE_GRAPHVIZ", "fast")
    with pytest.raises(ValueError, match="auto, pure, system"):
        helpers.find_dot()


@pytest.mark.parametrize("record_every", [1, 7, 10, 14])
def test_divergence_history_holds_every_recorded_epoch_before_it(tensors, record_every):
    """lr = 1.0은 14번째 반복에서 발산합니다. 기록 간격이 그 수의 약수(7, 14)여도 기록은 그 앞에서 끝납니다."""
    X, Y, W, B = tensors
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, lr=1.0, record_every=record_every)
    epoch = info.value.epoch
    assert epoch == 14
    np.testing.assert_array_equal(info.value.history[:, 0], np.arange(0, epoch, record_every))


# ------------------------------------------------------------------ 발산 메시지가 권하는 학습률은 정말 수렴합니다


def raw_tensors():
    x, y, _, _ = helpers.prepare_data()
    return helpers.to_tensor(x), helpers.to_tensor(y)


def reference_limit(X):
    """안정 한계 2/λ_max를 넘파이로 따로: λ_max는 2·[[mean(X²), mean(X)], [mean(X), 1]]의 가장 큰 고윳값."""
    X = np.asarray(X, dtype=np.float64)
    return 2 / np.linalg.eigvalsh(2 * np.array([[np.mean(X**2), np.mean(X)], [np.mean(X), 1.0]])).max()


@pytest.mark.parametrize(
    ("which", "lr", "limit_text", "suggestion"),
    [("centered", 0.1, "0.0862", 0.07), ("centered", 1.0, "0.0862", 0.07), ("raw", 0.001, "0.0000342", 0.00003)],
)
def test_divergence_suggests_a_rate_below_the_learners_own_bound(data, which, lr, limit_text, suggestion):
    _, _, X, Y = data
    if which == "raw":
        X, Y = raw_tensors()
    W, B = helpers.init_params()
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, lr=lr)
    err = info.value
    assert err.limit == pytest.approx(reference_limit(X.numpy()), rel=1e-9)
    assert f"안정 한계 2/λ_max = {limit_text}보다 큽니다" in str(err)
    assert err.suggestion == suggestion and f"예: lr = {suggestion:.5f}".rstrip("0") in str(err)
    assert 0.8 * err.limit <= err.suggestion < err.limit * 0.9 + 1e-15  # 한계의 90 %를 한 자리로 내림


def test_suggested_rate_converges_on_centered_data(data):
    """변환한 데이터: 권한 0.07로는 발산하지 않고 최소 손실 4.5390에 닿습니다(헤세 행렬의 모든 방향이 줄어듦)."""
    _, _, X, Y = data
    W, B = helpers.init_params()
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, lr=0.5)
    lr = info.value.suggestion
    H = np.array([[23.2, 0.0], [0.0, 2.0]])
    assert np.abs(np.linalg.eigvals(np.eye(2) - lr * H)).max() < 1  # 오차에 곱해지는 행렬의 스펙트럼 반지름 < 1
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, lr=lr, num_epochs=300)
    assert history[-1, 1] == pytest.approx(4.5390, abs=1e-4)


def test_suggested_rate_converges_on_raw_data():
    """가공 전 데이터: 권한 0.00003으로는 발산하지 않고, 손실이 처음보다 줄어 가파른 방향의 진동이 잦아듭니다.

    평평한 방향은 한 번에 1 − 2.4e-8배라 바닥까지는 수천만 번이 걸리므로(11_why_centering), 여기서는 발산하지 않고
    수렴하는 쪽(스펙트럼 반지름 < 1, 손실이 줄어 멈춤)인지 봅니다.
    """
    X, Y = raw_tensors()
    W, B = helpers.init_params()
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, lr=0.001)
    lr = info.value.suggestion
    Xn = X.double().numpy()
    H = 2 * np.array([[np.mean(Xn**2), np.mean(Xn)], [np.mean(Xn), 1.0]])
    assert np.abs(np.linalg.eigvals(np.eye(2) - lr * H)).max() < 1
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, lr=lr, num_epochs=2000, record_every=1)
    assert np.all(np.isfinite(history[:, 1]))
    assert history[-1, 1] < history[0, 1] / 100  # 11375.9에서 28.7로
    assert np.all(np.diff(history[100:, 1]) <= 1e-3)  # 진동이 잦아든 뒤로는 손실이 늘지 않음


def test_momentum_divergence_uses_the_momentum_bound(data):
    """모멘텀 m의 SGD는 안정 한계가 2(1 + m)/λ_max입니다. 권한 학습률로 다시 하면 수렴합니다."""
    import torch

    _, _, X, Y = data
    W, B = helpers.init_params()
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, optimizer=torch.optim.SGD([W, B], lr=0.2, momentum=0.9))
    err = info.value
    assert err.limit == pytest.approx(2 * 1.9 / 23.2) and err.suggestion == 0.1
    assert "2(1 + m)/λ_max = 0.164보다 큽니다" in str(err)
    W, B = helpers.init_params()
    helpers.train(X, Y, W, B, num_epochs=1000, optimizer=torch.optim.SGD([W, B], lr=err.suggestion, momentum=0.9))
    assert W.item() == pytest.approx(1.8207, abs=1e-4) and B.item() == pytest.approx(0.0, abs=1e-4)


def test_optimizers_without_a_known_bound_get_a_tenth(data):
    import torch

    _, _, X, Y = data
    W, B = helpers.init_params()
    with pytest.raises(helpers.DivergenceError) as info:
        helpers.train(X, Y, W, B, optimizer=torch.optim.SGD([W, B], lr=1.0, nesterov=True, momentum=0.5))
    assert info.value.limit is None and info.value.suggestion == 0.1
    assert "학습률(lr=1)을 더 작게(예: lr = 0.1) 해서 다시 해 보세요." in str(info.value)
