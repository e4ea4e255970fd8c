"""노트북 00~04가 직접 적은 단계가 helpers의 같은 단계와 비트 단위까지 같은 결과를 내는지 확인합니다."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def test_00_slope_and_path(run_notebook):
    ns = run_notebook("00_gradient_descent")
    # 노트북이 W를 조금씩 바꿔 구한 기울기는 autograd의 W.grad(-19.04)와 같습니다.
    _, _, X, Y = helpers.prepare_data()
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    assert ns["slope"] == pytest.approx(W.grad.item(), abs=1e-3)
    assert ns["loss_at"](1.0) == helpers.mse(helpers.pred(X, W.detach(), B.detach()), Y).item()
    # 등고선 위의 길은 helpers.train 그대로이고, 책의 최종 값에 도착합니다.
    W, B = helpers.init_params()
    expected = helpers.train(X, Y, W, B, lr=0.001, record_every=1, track_params=True)
    np.testing.assert_array_equal(ns["history"], expected)
    assert str(ns["W2"].data.numpy()) == "1.8206896"  # lr 0.01 경로의 마지막 W
    assert str(W.data.numpy()) == "1.820683" and str(B.data.numpy()) == "0.3675114"


def test_01_preprocessing_matches_prepare_data(run_notebook):
    ns = run_notebook("01_preprocessing")
    x, y, X, Y = helpers.prepare_data()
    np.testing.assert_array_equal(ns["sampleData1"], helpers.load_data())
    np.testing.assert_array_equal(ns["x"], x)
    np.testing.assert_array_equal(ns["y"], y)
    assert ns["X"].dtype == ns["Y"].dtype == torch.float32
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)


def test_02_pred_matches_helpers(run_notebook):
    ns = run_notebook("02_prediction")
    W, B, X = ns["W"], ns["B"], ns["X"]
    assert (W.item(), B.item()) == (1.0, 1.0) and W.requires_grad and B.requires_grad
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    W0, B0 = helpers.init_params()
    assert torch.equal(ns["Yp"], helpers.pred(X, W0, B0))
    assert ns["Yp"].grad_fn.name() == "AddBackward0"
    source = ns["g"].source
    for node in ("W", "B", "AccumulateGrad", "MulBackward0", "AddBackward0"):
        assert node in source


def test_03_mse_matches_helpers(run_notebook):
    ns = run_notebook("03_loss")
    Yp, Y, loss = ns["Yp"], ns["Y"], ns["loss"]
    assert torch.equal(ns["mse"](Yp, Y), helpers.mse(Yp, Y))
    assert torch.equal(loss, helpers.mse(Yp, Y))
    assert f"{loss:.4f}" == "13.3520"
    # 모양이 다른 임의의 값으로도 같은 식인지 확인합니다.
    a = torch.linspace(-3, 7, 11)
    b = torch.linspace(2, -1, 11) ** 2
    assert torch.equal(ns["mse"](a, b), helpers.mse(a, b))


def test_04_step_matches_update_params(run_notebook):
    ns = run_notebook("04_gradient_step")
    _, _, X, Y = helpers.prepare_data()
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    assert str(W.grad) == "tensor(-19.0400)" and str(B.grad) == "tensor(2.0000)"
    helpers.update_params((W, B), ns["lr"])
    assert ns["lr"] == 0.001
    assert torch.equal(ns["W"], W) and torch.equal(ns["B"], B)
    assert str(ns["W"]) == "tensor(1.0190, requires_grad=True)"
    assert str(ns["B"]) == "tensor(0.9980, requires_grad=True)"
    # 노트북 끝의 helpers.update_params 예시도 같은 값입니다.
    assert torch.equal(ns["W2"], W) and torch.equal(ns["B2"], B)


@pytest.mark.parametrize("nn", ["00", "01", "02", "03", "04"])
def test_exercise_keys_and_cells(nn):
    """답안 키의 문제 번호가 노트북의 자가 점검 셀·풀이 노트북과 맞는지 확인합니다."""
    import nbformat

    keys = json.loads((ROOT / "data" / "exercises" / f"{nn}.json").read_text(encoding="utf-8"))
    (notebook,) = NOTEBOOKS.glob(f"{nn}_*.ipynb")
    for name, path in (("notebook", notebook), ("solution", ROOT / "solutions" / f"{nn}_solutions.ipynb")):
        sources = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        checked = [k for k in keys if any(f"helpers.check('{k}', answer)" in s for s in sources)]
        assert checked == list(keys), f"{name}: {path.name}"
    for key in keys.values():
        assert key["type"] in ("number", "choice") and key["hints"]
        if key["type"] == "choice":
            assert key["answer"] in ("a", "b", "c")
