"""04 경사 계산과 파라미터 수정: 노트북의 한 걸음이 helpers.update_params와 같고 책의 숫자를 냅니다."""

import torch

import helpers


def test_step_matches_update_params(notebook, data):
    ns = notebook("04_gradient_step")
    _, _, X, Y = data
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
