"""02 예측 계산: 노트북의 pred(X)와 계산 그래프가 helpers와 같습니다."""

import torch

import helpers


def test_pred_matches_helpers(notebook):
    ns = notebook("02_prediction")
    W, B, X = ns["W"], ns["B"], ns["X"]
    assert (W.item(), B.item()) == (1.0, 1.0) and W.requires_grad and B.requires_grad
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    W0, B0 = helpers.init_params()
    assert torch.equal(ns["Yp"], helpers.pred(X, W0, B0))
    assert ns["Yp"].grad_fn.name() == "AddBackward0"
    source = ns["g"].source
    for node in ("W", "B", "AccumulateGrad", "MulBackward0", "AddBackward0"):
        assert node in source
