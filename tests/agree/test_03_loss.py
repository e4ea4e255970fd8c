"""03 손실 계산: 노트북의 mse가 helpers.mse와 같고 책의 초기 손실 13.3520을 냅니다."""

import torch

import helpers


def test_mse_matches_helpers(notebook):
    ns = notebook("03_loss")
    Yp, Y, loss = ns["Yp"], ns["Y"], ns["loss"]
    assert torch.equal(ns["mse"](Yp, Y), helpers.mse(Yp, Y))
    assert torch.equal(loss, helpers.mse(Yp, Y))
    assert f"{loss:.4f}" == "13.3520"
    # 모양이 다른 임의의 값으로도 같은 식인지 확인합니다.
    a = torch.linspace(-3, 7, 11)
    b = torch.linspace(2, -1, 11) ** 2
    assert torch.equal(ns["mse"](a, b), helpers.mse(a, b))
